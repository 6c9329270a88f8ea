# Replay the fuzz targets' seed corpora and every kept crash input (tests/fuzzfail/<target>/) as
# ordinary tests, so the normal and sanitizer test runs re-check them without libFuzzer.
# Not in a fuzz build: there smtpx_core is instrumented for libFuzzer, which a plain main cannot link.
if(NOT SMTPX_FUZZ)
  foreach(target fuzz_reply fuzz_log_line fuzz_kb_load)
    add_executable(${target}_replay ${PROJECT_SOURCE_DIR}/fuzz/${target}.cpp ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
    target_link_libraries(${target}_replay PRIVATE smtpx_core smtpx_warnings smtpx_sanitizers)
    add_test(NAME fuzz.replay.${target}
      COMMAND ${target}_replay ${PROJECT_SOURCE_DIR}/tests/fuzzfail/${target} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${target})
  endforeach()
endif()
