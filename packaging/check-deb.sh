#!/usr/bin/env bash
# Checks a .deb made by `cpack -G DEB` without installing it: lintian has no error to report, the
# version is the changelog's, every file belongs to root, and the files unpacked with dpkg -x are
# at their Debian paths (the ClickHouse schema too), with a binary that runs; apt-get -s shows its Depends: can be met.
# Needs lintian, dpkg-dev (dpkg-parsechangelog), file and man-db.
# Usage: packaging/check-deb.sh path/to/smtpx_VERSION_ARCH.deb
set -euo pipefail
deb=$1
src=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "check-deb: $*" >&2; exit 1; }

# lintian: an E: line (or lintian failing to read the package) fails; W: and I: lines are printed for
# whoever reads the log. As root it also warns on stderr, so only stdout is searched.
rc=0
lintian_out=$(lintian --fail-on error --display-info "$deb" 2>/dev/null) || rc=$?
[ -z "$lintian_out" ] || printf '%s\n' "$lintian_out"
if [ "$rc" -ne 0 ] || grep -q '^E: ' <<<"$lintian_out"; then fail "lintian: errors (exit status $rc)"; fi

version=$(dpkg-deb --field "$deb" Version)
changelog_version=$(dpkg-parsechangelog -l "$src/packaging/changelog" -S Version)
[ "$version" = "$changelog_version" ] ||
  fail "package version $version, packaging/changelog's newest entry $changelog_version"
[ "$(dpkg-deb --field "$deb" Section)" = mail ] || fail "section is not mail"
dpkg-deb --field "$deb" Depends | grep -q 'libc6' || fail "no Depends from dpkg-shlibdeps"

# Depends: can be met from the configured archive (apt-get -s installs nothing).
apt-get install -s "$(realpath "$deb")" >/dev/null || fail "apt-get cannot install $deb's dependencies"

if dpkg-deb --contents "$deb" | awk '$2 != "root/root"' | grep .; then fail "files not owned by root"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work"
for f in usr/bin/smtpx usr/share/man/man1/smtpx.1.gz usr/share/bash-completion/completions/smtpx \
         usr/share/zsh/vendor-completions/_smtpx usr/share/fish/vendor_completions.d/smtpx.fish \
         usr/share/doc/smtpx/copyright usr/share/doc/smtpx/changelog.Debian.gz \
         usr/share/smtpx/kb/codes.json usr/share/smtpx/clickhouse.sql; do
  [ -f "$work/$f" ] || fail "missing /$f"
done
# Only smtpx itself: no test program, no file for a local install.
extra=$(cd "$work" && find usr/bin -type f ! -name smtpx; find "$work/usr/share/zsh" -name site-functions)
[ -z "$extra" ] || fail "unexpected files: $extra"
# The ClickHouse schema the README loads `stats --events` into, as in the source tree.
cmp -s "$work/usr/share/smtpx/clickhouse.sql" "$src/share/smtpx/clickhouse.sql" ||
  fail "/usr/share/smtpx/clickhouse.sql differs from share/smtpx/clickhouse.sql"
gzip -t "$work/usr/share/man/man1/smtpx.1.gz" "$work/usr/share/doc/smtpx/changelog.Debian.gz"
file "$work/usr/bin/smtpx" | grep -q ', stripped' || fail "usr/bin/smtpx is not stripped"
# The man page renders without a warning from groff.
warnings=$(MANWIDTH=80 man --warnings -l "$work/usr/share/man/man1/smtpx.1.gz" 2>&1 >/dev/null || true)
[ -z "$warnings" ] || fail "man page: $warnings"

"$work/usr/bin/smtpx" compare 252 501 >"$work/compare.out" || fail "smtpx compare 252 501 failed"
grep -q 501 "$work/compare.out" || fail "smtpx compare 252 501 printed no 501"
"$work/usr/bin/smtpx" --version
echo "check-deb: $deb ($version) is fine"
