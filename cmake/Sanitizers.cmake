# SMTPX_SANITIZE=address;undefined instruments every target (ours and the tests).
add_library(smtpx_sanitizers INTERFACE)
if(SMTPX_SANITIZE)
  list(JOIN SMTPX_SANITIZE "," _smtpx_san)
  target_compile_options(smtpx_sanitizers INTERFACE -fsanitize=${_smtpx_san} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(smtpx_sanitizers INTERFACE -fsanitize=${_smtpx_san})
endif()
