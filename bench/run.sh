#!/usr/bin/env bash
# Benchmarks smtpx against its baselines on one machine, in one run, and prints the ratios.
#
#   bench/run.sh [LINES] [SEED]      (defaults: 1000000 7)
#
# Needs: the README's packages plus libbenchmark-dev, valgrind, libsisimai-perl and pflogsumm
# (apt-get install -y libbenchmark-dev valgrind libsisimai-perl pflogsumm), and the log generator
# ../shared/bench/gen-maillog.py (or GEN=/path/to/gen-maillog.py). Times are best-of-3 wall-clock
# seconds on a warm page cache, each after one untimed warm-up run; every ratio compares two programs measured here, in this run, in interleaved rounds.
# SMTPX=PATH times that Release binary instead of building build/bench (the microbenchmarks are then skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-1000000}
SEED=${2:-7}
GEN=${GEN:-../shared/bench/gen-maillog.py}
MATCH=${MATCH:-../shared/bench/sisimai-match.pl}
# A missing baseline would time a failing command and print a meaningless ratio: stop instead.
for f in "$GEN" "$MATCH"; do
    [ -f "$f" ] || { echo "bench/run.sh: $f not found (set GEN= or MATCH= to the shared bench scripts)" >&2; exit 2; }
done
OUT=${BENCH_DIR:-$(mktemp -d /tmp/smtpx-bench.XXXXXX)}
BUILD=build/bench

if [ -z "${SMTPX:-}" ]; then
    echo "# building a Release smtpx with the microbenchmarks in $BUILD"
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSMTPX_BENCH=ON >/dev/null
    cmake --build "$BUILD" -j2 >/dev/null
    SMTPX=$BUILD/src/smtpx
fi

LOG=$OUT/maillog-$LINES-$SEED.log
[ -s "$LOG" ] || python3 "$GEN" "$LINES" "$SEED" >"$LOG"
grep 'status=' "$LOG" >"$OUT/status-lines.log"   # Sisimai gets the same status lines smtpx counts
cat "$LOG" "$OUT/status-lines.log" >/dev/null    # warm the page cache

# Wall-clock seconds of one run of CMD..., after one untimed run of it (hyperfine's --warmup 1).
# Without the warm-up, whichever command first writes a lot after a pause pays for the memory the VM
# handed back to its host meanwhile: explain's 566 MB of answers took 1.4 s of system time into a
# fresh file after 8 idle seconds and 0.3 s right after a run that had written them.
wall() {
    local s e
    "$@" >"$OUT/out.txt"
    # The last command's output goes before the clock starts: truncating explain's 566 MB of answers
    # (pages that may still be under writeback) was timed as part of the next command.
    rm -f "$OUT/out.txt"
    s=$(date +%s.%N)
    "$@" >"$OUT/out.txt"   # a file, not /dev/null: grep stops at the first match when writing there
    e=$(date +%s.%N)
    echo "$s $e" | awk '{print $2 - $1}'
}
min() { echo "$1 ${2:-1e9}" | awk '{print ($1 < $2 ? $1 : $2)}'; }
# Wall-clock seconds of CMD... with FILE on stdin: wall_in FILE CMD...
wall_in() {
    local f=$1 s e
    shift
    "$@" <"$f" >"$OUT/out.txt"   # the warm-up run, as in wall()
    rm -f "$OUT/out.txt"
    s=$(date +%s.%N)
    "$@" <"$f" >"$OUT/out.txt"
    e=$(date +%s.%N)
    echo "$s $e" | awk '{print $2 - $1}'
}
sisimai() {
    perl -MSisimai::Reason -ne 'chomp; my $r = Sisimai::Reason->match($_); $n{$r // "none"}++; END { print scalar(keys %n), "\n" }' "$1"
}

echo "# timing on $(nproc) cores: $(wc -l <"$LOG") lines, $(du -h "$LOG" | cut -f1), $(wc -l <"$OUT/status-lines.log") status lines"
# Three rounds, each running every program once, so that a slow spell of a shared machine hits
# all of them rather than one; each program's best round counts.
t_grep="" t_smtpx="" t_sisimai="" t_pflogsumm="" t_explain="" t_fields="" t_match=""
for round in 1 2 3; do
    t_grep=$(min "$(wall grep -c status= "$LOG")" "$t_grep")
    t_smtpx=$(min "$(wall "$SMTPX" stats --json "$LOG")" "$t_smtpx")
    t_pflogsumm=$(min "$(wall pflogsumm "$LOG")" "$t_pflogsumm")
    t_sisimai=$(min "$(wall sisimai "$OUT/status-lines.log")" "$t_sisimai")
    # Per line: explain --ndjson (whole answers, then four keys) against Sisimai::Reason->match per line.
    t_explain=$(min "$(wall_in "$OUT/status-lines.log" "$SMTPX" explain --ndjson)" "$t_explain")
    t_fields=$(min "$(wall_in "$OUT/status-lines.log" "$SMTPX" explain --ndjson --fields reason,code,enhanced,provider)" "$t_fields")
    t_match=$(min "$(wall_in "$OUT/status-lines.log" perl "$MATCH")" "$t_match")
    echo "# round $round done"
done
rss=$( { /usr/bin/time -f '%M' "$SMTPX" stats --json "$LOG" >/dev/null; } 2>&1 | tail -1)
# explain's peak RSS on a tenth of the status lines and on all of them: flat means the same.
head -n "$(( $(wc -l <"$OUT/status-lines.log") / 10 ))" "$OUT/status-lines.log" >"$OUT/status-tenth.log"
rss_tenth=$( { /usr/bin/time -f '%M' "$SMTPX" explain --ndjson <"$OUT/status-tenth.log" >/dev/null; } 2>&1 | tail -1)
rss_all=$( { /usr/bin/time -f '%M' "$SMTPX" explain --ndjson <"$OUT/status-lines.log" >/dev/null; } 2>&1 | tail -1)
read -r lat_n lat_median lat_p99 < <(python3 bench/latency.py "$SMTPX" "$OUT/status-lines.log" 300)

# Start-up: instructions (callgrind) of `smtpx explain 550` against a fmt hello world.
cat >"$OUT/hello.cpp" <<'CPP'
#include <fmt/core.h>
#include <iostream>
int main(int argc, char** argv) {
    fmt::print("{}\n", argc > 1 ? argv[1] : "hello");
    std::cout << (argc > 1 ? argv[1] : "hello") << '\n';
}
CPP
g++ -O2 -std=c++20 "$OUT/hello.cpp" -o "$OUT/hello" -lfmt
instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $NF}'; }
i_hello=$(instr "$OUT/hello" 550)
i_smtpx=$(instr "$SMTPX" explain 550)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| measurement | smtpx | baseline | ratio | target |"
echo "| --- | --- | --- | --- | --- |"
echo "| stats vs grep -c status= (s) | $(printf %.3f "$t_smtpx") | $(printf %.3f "$t_grep") | $(ratio "$t_smtpx" "$t_grep")x slower | <= 4x |"
echo "| stats vs Sisimai::Reason->match per status line (s) | $(printf %.3f "$t_smtpx") | $(printf %.2f "$t_sisimai") | $(ratio "$t_sisimai" "$t_smtpx")x faster | >= 20x |"
echo "| stats vs pflogsumm (s) | $(printf %.3f "$t_smtpx") | $(printf %.2f "$t_pflogsumm") | $(ratio "$t_pflogsumm" "$t_smtpx")x faster | >= 20x |"
echo "| stats peak RSS (MiB) | $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') | | | < 64 |"
echo "| explain --ndjson vs sisimai-match.pl per status line (s) | $(printf %.3f "$t_explain") | $(printf %.2f "$t_match") | $(ratio "$t_match" "$t_explain")x faster | >= 10x |"
echo "| explain --ndjson --fields reason,code,enhanced,provider vs sisimai-match.pl (s) | $(printf %.3f "$t_fields") | $(printf %.2f "$t_match") | $(ratio "$t_match" "$t_fields")x faster | >= 30x |"
echo "| explain --ndjson peak RSS, a tenth / all status lines (MiB) | $(awk -v k="$rss_all" 'BEGIN { printf "%.1f", k / 1024 }') | $(awk -v k="$rss_tenth" 'BEGIN { printf "%.1f", k / 1024 }') | $(ratio "$rss_all" "$rss_tenth")x | flat |"
echo "| one line into a running explain --ndjson, answer latency median / p99 of $lat_n (ms) | $lat_median / $lat_p99 | | | answered before the next |"
echo "| explain 550 instructions vs fmt hello world | $i_smtpx | $i_hello | $(ratio "$i_smtpx" "$i_hello")x | <= 2x |"
echo
echo "# microbenchmarks (Google Benchmark)"
[ ! -x "$BUILD/bench/smtpx_microbench" ] || "$BUILD/bench/smtpx_microbench" --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|Benchmark|-)'
