#!/usr/bin/env bash
# budget: 20
# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cmake --workflow --preset asan-ubsan
