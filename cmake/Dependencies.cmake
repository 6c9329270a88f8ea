# Every dependency comes from Debian 12's packages; none is downloaded.
find_package(CLI11 2.1 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
# Before its first use below (static RE2) and for smtpx_core, whose stats layer starts threads.
find_package(Threads REQUIRED)
# RE2 ships only a pkg-config file on Debian 12. Link it statically when the archive exists:
# that keeps a shared-library load (and its relocations) off every start-up.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_library(SMTPX_RE2_STATIC NAMES libre2.a)
add_library(smtpx_re2 INTERFACE)
if(SMTPX_RE2_STATIC AND NOT SMTPX_SANITIZE)
  target_include_directories(smtpx_re2 INTERFACE ${RE2_INCLUDE_DIRS})
  target_link_libraries(smtpx_re2 INTERFACE ${SMTPX_RE2_STATIC} Threads::Threads)
else()
  target_link_libraries(smtpx_re2 INTERFACE PkgConfig::RE2)
endif()
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
