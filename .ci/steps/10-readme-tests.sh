#!/usr/bin/env bash
# budget: 20
# The README's quick-start test command, found by its marker, run exactly as a new user copies it.
set -euo pipefail
cmd=$(awk '/<!-- ci: test-command/{m=1; next} m && /^```/{n++; next} m && n==1 {print; exit}' README.md)
[ -n "$cmd" ] || { echo "no test command after the ci marker in README.md"; exit 1; }
echo "+ $cmd"
bash -c "$cmd"
