#!/usr/bin/env bash
# budget: 15
# The developers' gate after the new user's command (10-readme-tests, which installed the packages):
# the `ci` workflow preset, a Debug build in which every compiler warning is an error, then the suite.
set -euo pipefail
cmake --workflow --preset ci
