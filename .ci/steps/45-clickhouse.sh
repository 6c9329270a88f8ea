#!/usr/bin/env bash
# budget: 10
# stats --events into a real ClickHouse (tests/clickhouse/, CTest label clickhouse): Debian's
# clickhouse-server and clickhouse-client, installed without the packaged service ever starting; the
# test runs its own servers on loopback with throwaway data directories and stops them itself.
# SMTPX_CLICKHOUSE_REQUIRED=1 turns a missing piece into a failure, and a skipped test fails the step.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# No packaged service may start while packages are installed here (a policy-rc.d already in place,
# as in Debian's container images, does the same and is left alone).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y --no-install-recommends clickhouse-server clickhouse-client
# Nor at the next boot: the package enables its unit.
if [ -d /run/systemd/system ]; then
  systemctl disable --now clickhouse-server.service
else
  update-rc.d clickhouse-server disable >/dev/null 2>&1 || true
  rm -f /etc/systemd/system/multi-user.target.wants/clickhouse-server.service
fi
# Step 10 built build/default; build it here too when this step runs alone.
[ -x build/default/src/smtpx ] || { cmake --preset default && cmake --build --preset default; }
log=$(mktemp)
status=0
SMTPX_CLICKHOUSE_REQUIRED=1 ctest --test-dir build/default -L clickhouse --output-on-failure 2>&1 | tee "$log" || status=$?
if [ "$status" -eq 0 ] && { grep -q 'Skipped\|No tests were found' "$log" || ! grep -q '100% tests passed' "$log"; }; then
  echo "the clickhouse tests did not run"
  status=1
fi
rm -f "$log"
exit "$status"
