# Real MTAs making real bounces (issue 10): a throwaway Postfix and Exim on loopback, driven by swaks,
# their bounces explained by `smtpx mail`. Included from tests/CMakeLists.txt.
#
# mta.postfix and mta.exim (LABEL mta) need root, the MTAs, swaks and python3-aiosmtpd; they report
# themselves skipped where those are absent (the README's test command installs no MTA), and CI's
# .ci/steps/40-mta.sh installs them and runs `ctest -L mta` with SMTPX_MTA_REQUIRED=1.
# mta.captured checks the bounces kept from those runs (tests/mta/captured/) with smtpx alone.
set(SMTPX_MTA_DIR ${CMAKE_CURRENT_LIST_DIR})
foreach(mta postfix exim)
  # Debian's own Python: python3-aiosmtpd is not importable from a pyenv/venv one.
  add_test(NAME mta.${mta} COMMAND /usr/bin/python3 ${SMTPX_MTA_DIR}/test_mta.py --smtpx $<TARGET_FILE:smtpx> ${mta})
  set_tests_properties(mta.${mta} PROPERTIES LABELS mta TIMEOUT 180 SKIP_RETURN_CODE 77)
endforeach()
add_test(NAME mta.captured COMMAND python3 ${SMTPX_MTA_DIR}/test_mta.py --smtpx $<TARGET_FILE:smtpx>
         --captured ${SMTPX_MTA_DIR}/captured)
set_tests_properties(mta.captured PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
