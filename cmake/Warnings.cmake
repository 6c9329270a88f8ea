# Warnings for our own targets only; never applied to third-party code.
add_library(smtpx_warnings INTERFACE)
target_compile_options(smtpx_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(SMTPX_WERROR)
  target_compile_options(smtpx_warnings INTERFACE -Werror)
endif()
