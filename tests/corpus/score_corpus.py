#!/usr/bin/env python3
"""Accuracy of `smtpx explain --json` on the labelled corpus files given, per field.

usage: score_corpus.py SMTPX FILE.jsonl... [--bar field=min ...] [--show N]
Prints accuracy per field (code, enhanced, class, reason (sure labels only), retryable, provider) and
fails when a field is under its bar. Provider is scored where either side names a provider id.
"""
import json, subprocess, sys

args = sys.argv[1:]
exe = args.pop(0)
bars, show, files = {}, 0, []
while args:
    a = args.pop(0)
    if a == "--bar":
        k, v = args.pop(0).split("=")
        bars[k] = float(v)
    elif a == "--show":
        show = int(args.pop(0))
    else:
        files.append(a)
cases = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
if not cases:
    print("no cases")
    sys.exit(1)
GENERIC = {None, "generic", "postfix", "exim", "sendmail", "qmail", "exchange", "postgrey", "haraka", "zimbra",
           "courier", "dovecot", "opensmtpd"}
got = []
for i in range(0, len(cases), 200):  # keep each command line well under ARG_MAX
    batch = cases[i:i + 200]
    p = subprocess.run([exe, "explain", "--json", "--no-user-kb", *[c["input"] for c in batch]],
                       capture_output=True, text=True, timeout=120)
    got += json.loads(p.stdout)
assert len(got) == len(cases), f"{len(got)} answers for {len(cases)} inputs"
right, total, misses = {}, {}, []
for c, o in zip(cases, got):
    for k in ("code", "enhanced", "class", "reason", "retryable", "provider"):
        want, have = c.get(k), o.get(k)
        if k == "reason" and not c.get("sure", True):
            continue
        if k == "provider":
            want = None if want in GENERIC else want
            if want is None and have is None:
                continue
        total[k] = total.get(k, 0) + 1
        if want == have:
            right[k] = right.get(k, 0) + 1
        else:
            misses.append(f"{c.get('id')}: {k} want {want!r} got {have!r}")
for m in misses[:show]:
    print(m)
ok = True
for k in ("code", "enhanced", "class", "reason", "retryable", "provider"):
    n = total.get(k, 0)
    acc = right.get(k, 0) / n if n else 1.0
    bar = bars.get(k, 0.0)
    flag = "" if acc >= bar else f"  < bar {bar:.0%}"
    ok &= acc >= bar
    print(f"{k:10} {acc:7.1%}  ({right.get(k, 0)}/{n}){flag}")
print(f"{len(cases)} cases")
sys.exit(0 if ok else 1)
