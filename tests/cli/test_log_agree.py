#!/usr/bin/env python3
"""explain and stats read a log line with the same scanner (parse/log_scan.cpp), so they must agree on it
field by field: every log-line fixture (tests/stats/*.maillog, the single-line log inputs of
tests/corpus, the gen-maillog sample) goes through `explain --ndjson` and through `stats --events`, and
the recipient, relay / remote host, status, code, enhanced code, reason and provider must be the same.
(explain's JSON carries no queue id; tests/unit/test_parse_log_scan.cpp checks the scanner's.)"""
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import clean_env  # noqa: E402

SMTPX = sys.argv[1]
TESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ENV = clean_env(TZ="UTC")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


lines = []
for path in sorted(glob.glob(os.path.join(TESTS, "stats", "*.maillog"))):
    with open(path, encoding="utf-8") as f:
        lines += [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
for path in sorted(glob.glob(os.path.join(TESTS, "corpus", "*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        for rec in (json.loads(ln) for ln in f if ln.strip()):
            if "\n" not in rec["input"]:
                lines.append(rec["input"])

# One stats run over every line, each followed by a sentinel delivery: the events between two
# sentinels are the line's own.
SENTINEL = ("Jan  1 00:00:00 sentinel postfix/smtp[1]: SENTINEL01: to=<s{}@sentinel.invalid>, relay=none, "
            "dsn=5.0.0, status=bounced (sentinel)")
log = "".join(f"{ln}\n{SENTINEL.format(i)}\n" for i, ln in enumerate(lines))
p = subprocess.run([SMTPX, "stats", "--events", "--year", "2026", "--no-progress", "-"], input=log.encode(),
                   capture_output=True, env=ENV, timeout=300)
check(p.returncode == 0, f"stats --events exits 0 (got {p.returncode}: {p.stderr[:300]!r})")
per_line, pending = [], []
for ev in (json.loads(x) for x in p.stdout.decode().splitlines()):
    if ev["recipient"].endswith("@sentinel.invalid"):
        check(ev["recipient"] == f"s{len(per_line)}@sentinel.invalid", f"sentinel order at {ev['recipient']}")
        per_line.append(pending)
        pending = []
    else:
        pending.append(ev)
check(len(per_line) == len(lines), f"one sentinel per line ({len(per_line)} of {len(lines)})")

events = [(ln, evs[0]) for ln, evs in zip(lines, per_line) if evs]
check(all(len(evs) <= 1 for evs in per_line), "a line is at most one event")
check(len(events) >= 100, f"enough log lines to compare (got {len(events)})")

p = subprocess.run([SMTPX, "explain", "--ndjson", "--", *[ln for ln, _ in events]], capture_output=True, env=ENV,
                   timeout=300)
answers = [json.loads(x) for x in p.stdout.decode().splitlines()]
check(len(answers) == len(events), f"one answer per line ({len(answers)} of {len(events)})")


def same(a, b):
    return (a if a not in ("", None) else None) == (b if b not in ("", None) else None)


PAIRS = [("recipient", "recipient"), ("status", "delivery_status"), ("code", "code"), ("enhanced", "enhanced"),
         ("reason", "reason"), ("provider", "provider")]
for (line, ev), ans in zip(events, answers):
    for e_key, x_key in PAIRS:
        check(same(ev[e_key], ans.get(x_key)),
              f"{e_key}: stats {ev[e_key]!r}, explain {ans.get(x_key)!r} in {line[:160]!r}")
    # A rejection has no relay (its client did not write the text); a relay without a name is its IP,
    # which explain does not print.
    if ev["status"] != "reject" and not (ev["relay"] and ans.get("remote_host") is None and
                                         ev["relay"].replace(".", "").replace(":", "").isalnum() and
                                         any(c.isdigit() for c in ev["relay"][-1:])):
        check(same(ev["relay"], ans.get("remote_host")),
              f"relay: stats {ev['relay']!r}, explain {ans.get('remote_host')!r} in {line[:160]!r}")

print(f"{len(events)} log lines compared; {len(failures)} disagreements")
sys.exit(1 if failures else 0)
