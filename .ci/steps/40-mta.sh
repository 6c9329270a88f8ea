#!/usr/bin/env bash
# budget: 10
# Real MTAs making real bounces (tests/mta/, CTest label mta): Postfix installed from the archive but
# never started as the system's MTA, and Exim unpacked beside it (Debian's MTA packages conflict, so
# it is `apt-get download` + `dpkg -x`, with its shared libraries installed by name). The tests run
# their own instances on loopback; SMTPX_MTA_REQUIRED=1 turns any missing piece into a failure.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# No packaged service may start while packages are installed here.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get install -y --no-install-recommends postfix swaks python3-aiosmtpd util-linux
exim_root=/opt/smtpx-exim
rm -rf "$exim_root" && mkdir -p "$exim_root/debs"
(cd "$exim_root/debs" && apt-get download exim4-daemon-light exim4-base exim4-config)
for deb in "$exim_root"/debs/*.deb; do dpkg -x "$deb" "$exim_root"; done
# exim4-daemon-light's library dependencies, by name (its Depends: line, without the exim packages).
apt-get install -y --no-install-recommends libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 \
  libidn2-0 libnsl2 libpcre2-8-0
if ldd "$exim_root/usr/sbin/exim4" | grep 'not found'; then echo "exim4: missing libraries"; exit 1; fi
# The binary runs as Debian-exim (compiled in), the user exim4-base's postinst would have made.
getent passwd Debian-exim >/dev/null || useradd --system --user-group --no-create-home \
  --home-dir /var/spool/exim4 --shell /usr/sbin/nologin Debian-exim
# Step 10 built build/default; build it here too when this step runs alone.
[ -x build/default/src/smtpx ] || { cmake --preset default && cmake --build --preset default; }
SMTPX_MTA_REQUIRED=1 SMTPX_EXIM_ROOT="$exim_root" ctest --test-dir build/default -L mta --output-on-failure
