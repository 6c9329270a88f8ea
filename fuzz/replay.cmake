# Replay the fuzz targets' seed corpora and every kept crash input (tests/fuzzfail/<target>/) as
# ordinary tests, so the normal and sanitizer test runs re-check them without libFuzzer.
# Not in a fuzz build: there smtpx_core is instrumented for libFuzzer, which a plain main cannot link.
# The targets come from fuzz/CMakeLists.txt's one SMTPX_FUZZ_TARGETS list (as .ci/steps/30-fuzz.sh reads it).
if(NOT SMTPX_FUZZ)
  file(STRINGS ${PROJECT_SOURCE_DIR}/fuzz/CMakeLists.txt _smtpx_fuzz_list REGEX "^set\\(SMTPX_FUZZ_TARGETS ")
  string(REGEX REPLACE "^set\\(SMTPX_FUZZ_TARGETS (.*)\\)$" "\\1" _smtpx_fuzz_list "${_smtpx_fuzz_list}")
  string(REPLACE " " ";" _smtpx_fuzz_list "${_smtpx_fuzz_list}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/CMakeLists.txt)
  foreach(target ${_smtpx_fuzz_list})
    add_executable(${target}_replay ${PROJECT_SOURCE_DIR}/fuzz/${target}.cpp ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
    target_link_libraries(${target}_replay PRIVATE smtpx_core smtpx_warnings smtpx_sanitizers)
    add_test(NAME fuzz.replay.${target}
      COMMAND ${target}_replay ${PROJECT_SOURCE_DIR}/tests/fuzzfail/${target} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${target})
  endforeach()
endif()
