# Transcripts from real SMTP sessions (issue 3): a scripted aiosmtpd server on 127.0.0.1, driven by
# swaks and by a recording smtplib client; each capture is explained by the built smtpx.
# Included from tests/CMakeLists.txt. One CTest test per scenario, named transcript.SCENARIO.

# Debian's python3-aiosmtpd is importable only from Debian's own Python, not from a pyenv/venv one.
find_program(SMTPX_DEBIAN_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(SMTPX_SWAKS swaks)
set(SMTPX_TRANSCRIPT_DIR ${CMAKE_CURRENT_LIST_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SMTPX_TRANSCRIPT_DIR}/test_transcripts.py)

set(_smtpx_missing "")
if(SMTPX_DEBIAN_PYTHON)
  set(_smtpx_python ${SMTPX_DEBIAN_PYTHON})
  execute_process(COMMAND ${SMTPX_DEBIAN_PYTHON} -c "import aiosmtpd" RESULT_VARIABLE _smtpx_rc
                  OUTPUT_QUIET ERROR_QUIET)
  if(NOT _smtpx_rc EQUAL 0)
    list(APPEND _smtpx_missing python3-aiosmtpd)
  endif()
else()
  # Still run the driver (stdlib only) so every transcript test fails with the package to install.
  set(_smtpx_python python3)
  list(APPEND _smtpx_missing python3 python3-aiosmtpd)
endif()
if(NOT SMTPX_SWAKS)
  list(APPEND _smtpx_missing swaks)
endif()
if(_smtpx_missing)
  list(JOIN _smtpx_missing " " _smtpx_packages)
  # Not fatal for the build, but the transcript.* tests will fail until these are installed.
  message(WARNING "transcript.* tests will FAIL: install the Debian packages: apt-get install ${_smtpx_packages}")
endif()

execute_process(COMMAND ${_smtpx_python} ${SMTPX_TRANSCRIPT_DIR}/test_transcripts.py --list
                OUTPUT_VARIABLE _smtpx_scenarios RESULT_VARIABLE _smtpx_rc ERROR_VARIABLE _smtpx_err)
if(NOT _smtpx_rc EQUAL 0)
  message(FATAL_ERROR "tests/transcript/test_transcripts.py --list failed: ${_smtpx_err}")
endif()
string(REPLACE "\n" ";" _smtpx_scenarios "${_smtpx_scenarios}")
foreach(scenario ${_smtpx_scenarios})
  if(scenario STREQUAL "")
    continue()
  endif()
  add_test(NAME transcript.${scenario}
    COMMAND ${_smtpx_python} ${SMTPX_TRANSCRIPT_DIR}/test_transcripts.py --smtpx $<TARGET_FILE:smtpx>
            --swaks ${SMTPX_SWAKS} --python /usr/bin/python3 ${scenario})
  set_tests_properties(transcript.${scenario} PROPERTIES TIMEOUT 30 LABELS transcript)
endforeach()
# The saved captures need no server: they guard the parser where swaks or aiosmtpd are absent too.
# One test each, so a slow (sanitizer) build stays within the timeout.
file(GLOB _smtpx_samples CONFIGURE_DEPENDS ${SMTPX_TRANSCRIPT_DIR}/samples/*.txt)
foreach(sample ${_smtpx_samples})
  get_filename_component(name ${sample} NAME_WE)
  add_test(NAME transcript.sample.${name}
    COMMAND ${_smtpx_python} ${SMTPX_TRANSCRIPT_DIR}/test_transcripts.py --smtpx $<TARGET_FILE:smtpx>
            --samples ${SMTPX_TRANSCRIPT_DIR}/samples ${name})
  set_tests_properties(transcript.sample.${name} PROPERTIES TIMEOUT 30 LABELS transcript)
endforeach()
