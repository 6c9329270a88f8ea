#!/usr/bin/env bash
# `smtpx mail` against Debian's Sisimai on one mbox, in one run, and smtpx's peak RSS as the mbox grows.
#
#   bench/mail.sh [MAILDIR] [TIMES]     (defaults: ../shared/corpus/bounce-mails/mails 20)
#   SMTPX=build/default/src/smtpx bench/mail.sh ...   (time that Release binary instead of building one)
#
# Needs the README's packages plus libsisimai-perl. Builds a Release smtpx, writes an mbox of every
# mail in MAILDIR repeated TIMES times (and 1x and 5x copies) into a temporary directory, then times
# `smtpx mail --json MBOX` and `Sisimai->make(MBOX)` (bench/sisimai_make.pl) in three interleaved
# rounds, best round each; prints the ratio, the record count of each (one per recipient) and
# smtpx's peak RSS for the 1x, 5x and TIMES-x mbox.
set -euo pipefail
cd "$(dirname "$0")/.."
MAILS=${1:-../shared/corpus/bounce-mails/mails}
TIMES=${2:-20}
OUT=$(mktemp -d /tmp/smtpx-bench-mail.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
BUILD=build/bench-mail

if [ -n "${SMTPX:-}" ]; then
    echo "# using $SMTPX (a Release build)"   # e.g. build/default/src/smtpx: saves a third build on a busy machine
else
    echo "# building a Release smtpx in $BUILD"
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$BUILD" -j2 >/dev/null
    SMTPX=$BUILD/src/smtpx
fi

n=$(python3 bench/make_mbox.py "$MAILS" "$TIMES" "$OUT/mbox-$TIMES")
python3 bench/make_mbox.py "$MAILS" 1 "$OUT/mbox-1" >/dev/null
python3 bench/make_mbox.py "$MAILS" 5 "$OUT/mbox-5" >/dev/null
MBOX=$OUT/mbox-$TIMES
cat "$MBOX" >/dev/null   # warm the page cache

wall() {
    local s e
    rm -f "$OUT/out.txt"   # the last command's output is not truncated inside the next one's time
    s=$(date +%s.%N)
    "$@" >"$OUT/out.txt"
    e=$(date +%s.%N)
    echo "$s $e" | awk '{print $2 - $1}'
}
min() { echo "$1 ${2:-1e9}" | awk '{print ($1 < $2 ? $1 : $2)}'; }
records() { python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$1"; }
rss() { { /usr/bin/time -f '%M' "$SMTPX" mail --json "$1" >/dev/null; } 2>&1 | tail -1; }

echo "# $n mails x $TIMES = $(grep -c '^From ' "$MBOX") messages, $(du -h "$MBOX" | cut -f1), on $(nproc) cores"
t_smtpx="" t_sisimai=""
for round in 1 2 3; do
    t_smtpx=$(min "$(wall "$SMTPX" mail --json "$MBOX")" "$t_smtpx")
    r_smtpx=$(records "$OUT/out.txt")
    t_sisimai=$(min "$(wall perl bench/sisimai_make.pl "$MBOX")" "$t_sisimai")
    r_sisimai=$(cat "$OUT/out.txt")
    echo "# round $round done"
done
rss1=$(rss "$OUT/mbox-1") rss5=$(rss "$OUT/mbox-5") rssn=$(rss "$MBOX")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo
echo "| measurement | smtpx | Sisimai | ratio | target |"
echo "| --- | --- | --- | --- | --- |"
echo "| mail --json vs Sisimai->make, ${TIMES}x mbox (s) | $(printf %.3f "$t_smtpx") | $(printf %.2f "$t_sisimai") | $(ratio "$t_sisimai" "$t_smtpx")x faster | >= 10x |"
echo "| records (one per recipient) | $r_smtpx | $r_sisimai | | smtpx >= Sisimai |"
echo "| mail --json peak RSS, 1x / 5x / ${TIMES}x mbox (MiB) | $(mib "$rss1") / $(mib "$rss5") / $(mib "$rssn") | | | flat |"
