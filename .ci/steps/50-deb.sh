#!/usr/bin/env bash
# budget: 8
# The Debian package: `cpack -G DEB` on the Release build (cmake/Package.cmake), then
# packaging/check-deb.sh on it: no lintian error, the files at their Debian paths after dpkg -x,
# a binary that runs. Nothing is installed into the system.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# dpkg-shlibdeps (Depends:) and dpkg-parsechangelog come with dpkg-dev; CPack needs file.
apt-get install -y --no-install-recommends dpkg-dev lintian file gzip man-db
# Step 10 built build/default (Release); when this step runs alone, only the binary is built.
if [ -f build/default/CMakeCache.txt ]; then
  build=build/default
  cmake --build "$build" -j2
else
  build=build/deb
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
  cmake --build "$build" -j2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out")
debs=("$out"/smtpx_*.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then echo "cpack made no single smtpx_*.deb"; exit 1; fi
packaging/check-deb.sh "${debs[0]}"
