# What `cmake --install` installs, and the Debian package CPack makes of it (`cpack -G DEB`).
# Install components:
#   smtpx     the binary, man page, knowledge base, bash and fish completions: every install
#   zsh-site  zsh's completion folder for a local install (share/zsh/site-functions)
#   debian    only in the .deb (EXCLUDE_FROM_ALL): copyright, changelog.Debian.gz, lintian overrides
#             and the zsh completion in Debian's vendor-completions, which is on zsh's fpath there instead
# Test programs install nothing, and CPack packs only `smtpx` and `debian`.

set(SMTPX_PKG_DIR ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${SMTPX_PKG_DIR})

# Debian policy wants man pages and changelogs compressed with gzip -9, and -n keeps the name and
# time stamp out of the archive (lintian flags both). gzip is Essential on Debian; without it
# elsewhere, the man page is installed uncompressed.
find_program(SMTPX_GZIP gzip)
function(smtpx_gzip source name out_var)
  set(out ${SMTPX_PKG_DIR}/${name}.gz)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E copy ${source} ${SMTPX_PKG_DIR}/${name}
    COMMAND ${SMTPX_GZIP} -9nf ${SMTPX_PKG_DIR}/${name}
    DEPENDS ${source}
    COMMENT "Compressing ${name}"
    VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()

install(TARGETS smtpx RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT smtpx)
install(DIRECTORY share/smtpx DESTINATION ${CMAKE_INSTALL_DATADIR} COMPONENT smtpx)
install(FILES completions/smtpx.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME smtpx COMPONENT smtpx)
install(FILES completions/smtpx.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d
  COMPONENT smtpx)
install(FILES completions/_smtpx DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions COMPONENT zsh-site)
install(FILES completions/_smtpx DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
  COMPONENT debian EXCLUDE_FROM_ALL)
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT debian EXCLUDE_FROM_ALL)
install(FILES packaging/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME smtpx
  COMPONENT debian EXCLUDE_FROM_ALL)

if(SMTPX_GZIP)
  smtpx_gzip(${PROJECT_SOURCE_DIR}/man/smtpx.1 smtpx.1 SMTPX_MAN_GZ)
  smtpx_gzip(${PROJECT_SOURCE_DIR}/packaging/changelog changelog.Debian SMTPX_CHANGELOG_GZ)
  add_custom_target(smtpx_package_files ALL DEPENDS ${SMTPX_MAN_GZ} ${SMTPX_CHANGELOG_GZ})
  install(FILES ${SMTPX_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT smtpx)
  install(FILES ${SMTPX_CHANGELOG_GZ} DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT debian EXCLUDE_FROM_ALL)
else()
  install(FILES man/smtpx.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT smtpx)
endif()

# The Debian revision is the one in the changelog's newest entry, so the two cannot disagree;
# its upstream part has to be the project version (.ci/steps/50-deb.sh checks the built package).
file(STRINGS packaging/changelog SMTPX_CHANGELOG_TOP LIMIT_COUNT 1)
if(SMTPX_CHANGELOG_TOP MATCHES "^smtpx \\(([^)-]+)-([^)]+)\\)")
  set(SMTPX_DEB_REVISION ${CMAKE_MATCH_2})
  if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
    message(WARNING "packaging/changelog's newest entry is ${CMAKE_MATCH_1}, the project is "
      "${PROJECT_VERSION}: add a changelog entry before building a .deb")
  endif()
else()
  message(FATAL_ERROR "packaging/changelog: the first line is not 'smtpx (VERSION-REVISION) ...'")
endif()

set(CPACK_PACKAGE_NAME smtpx)
set(CPACK_PACKAGE_VENDOR "smtpx maintainers")
set(CPACK_PACKAGE_CONTACT "smtpx maintainers <maintainers@users.noreply.r-seed-cbc9da4f.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explain SMTP reply codes, bounces and mail log lines")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION [=[
smtpx tells what an SMTP reply means and what to do about it: a basic or
enhanced status code, a server's rejection text, a Postfix, Exim or Sendmail
log line, or DSN fields pasted from a bounce.

It reads whole bounce mails (mbox, Maildir, MH, gzip) and answers once per
recipient, summarises a day of mail logs by failure reason, provider and
recipient domain, compares codes side by side and searches its knowledge base.
Answers are text for people or JSON for scripts; addresses and hosts can be
redacted before an answer is pasted into a ticket.

The knowledge base, compiled into the program and installed as JSON, is
written from the RFCs, the IANA registry and the providers' own documentation.
]=])
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${SMTPX_DEB_REVISION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: from the libraries the binary links (dpkg-shlibdeps, package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# Folders CPack creates would otherwise take the builder's umask; lintian wants 0755.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# One package made of the listed components: a monolithic install would take every component but
# the EXCLUDE_FROM_ALL ones, zsh-site included.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL smtpx debian)
set(CPACK_GENERATOR DEB)
include(CPack)
