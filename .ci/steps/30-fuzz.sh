#!/usr/bin/env bash
# budget: 15
# libFuzzer: clang 14 and its fuzzer runtime, then each target for about a minute on a scratch copy of
# its seed corpus (the checked-in seeds stay as they are). Any crash, leak or timeout fails CI.
set -euo pipefail
apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev
cmake --preset fuzz
cmake --build --preset fuzz
targets=$(sed -n 's/^set(SMTPX_FUZZ_TARGETS \(.*\))/\1/p' fuzz/CMakeLists.txt)
for target in $targets; do
  bin="$PWD/build/fuzz/fuzz/$target"
  work=$(mktemp -d)
  cp -r "fuzz/corpus/$target" "$work/corpus"
  echo "+ $target -max_total_time=60"
  if ! (cd "$work" && "$bin" -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus); then
    # Print the input so it can be kept in tests/fuzzfail/$target/ from the CI log alone.
    for f in "$work"/crash-* "$work"/timeout-* "$work"/leak-* "$work"/oom-*; do
      [ -e "$f" ] && { echo "fuzz: $target failed on $(basename "$f"), base64:"; base64 "$f"; }
    done
    exit 1
  fi
  rm -rf "$work"
done
