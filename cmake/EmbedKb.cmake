# Compile share/smtpx/kb/**/*.json into C++ tables at build time (tools/kbgen), so the binary runs
# from anywhere and never parses JSON at start-up. kbgen validates every file and fails the build
# with the file, line or JSON pointer of each problem.
file(GLOB_RECURSE SMTPX_KB_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/share/smtpx/kb/*.json)
set(SMTPX_KB_CPP ${PROJECT_BINARY_DIR}/generated/kb_tables.cpp)
# Ninja creates an output's folder itself; Makefiles do not, and kbgen only writes the file.
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/generated)
add_custom_command(
  OUTPUT ${SMTPX_KB_CPP}
  COMMAND smtpx_kbgen ${PROJECT_SOURCE_DIR}/share/smtpx/kb ${SMTPX_KB_CPP}
  DEPENDS smtpx_kbgen ${SMTPX_KB_FILES}
  COMMENT "Compiling the knowledge base into C++ tables"
  VERBATIM)
