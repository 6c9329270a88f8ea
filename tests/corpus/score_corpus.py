#!/usr/bin/env python3
"""Accuracy of `smtpx explain --json` on the labelled corpus files given, per field.

usage: score_corpus.py SMTPX FILE.jsonl... [--wild] [--bar field=min ...] [--max-multi N] [--show N]
Prints accuracy per field (code, enhanced, class, reason (sure labels only), retryable, provider) and
fails when a field is under its bar. Provider is scored where either side names a provider id; with
--wild (the corpus of pasted machine output, issue 14) only on records whose text names the provider
(`provider_named`), as that is all a reader of the text alone can know, and only for provider ids that
issue 3 names or the knowledge base knows (as for the shared corpus; the others are counted apart).
Every input must give exactly one answer; inputs that give more are counted ("multi") and scored on
their first answer, and --max-multi fails the run when there are more of them than allowed.
"""
import concurrent.futures, glob, json, os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from e2e import clean_env  # noqa: E402

args = sys.argv[1:]
exe = args.pop(0)
bars, show, files, wild, max_multi = {}, 0, [], False, None
while args:
    a = args.pop(0)
    if a == "--bar":
        k, v = args.pop(0).split("=")
        bars[k] = float(v)
    elif a == "--show":
        show = int(args.pop(0))
    elif a == "--wild":
        wild = True
    elif a == "--max-multi":
        max_multi = int(args.pop(0))
    else:
        files.append(a)
cases = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
if not cases:
    print("no cases")
    sys.exit(1)
GENERIC = {None, "generic", "postfix", "exim", "sendmail", "qmail", "exchange", "postgrey", "haraka", "zimbra",
           "courier", "dovecot", "opensmtpd", "hmailserver", "mdaemon", "postal", "stalwart", "zonemta", "cpanel"}
# Provider ids a reader can be asked for: issue 3's list and every provider the knowledge base has rules for.
KB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "share", "smtpx", "kb", "patterns")
KNOWN = {"gmail", "microsoft", "yahoo", "icloud", "comcast", "gmx", "mailru", "yandex", "proofpoint", "mimecast",
         "barracuda", "ironport", "spamhaus", "spamcop"}
for path in glob.glob(os.path.join(KB, "*.json")):
    KNOWN |= {r.get("provider") for r in json.load(open(path, encoding="utf-8")).get("rules", []) if r.get("provider")}
KNOWN -= GENERIC
FIELDS = ("code", "enhanced", "class", "reason", "retryable", "provider")


def explain(inputs):
    p = subprocess.run([exe, "explain", "--json", "--no-user-kb", *inputs], capture_output=True, text=True, timeout=300,
                       env=clean_env(LANG="C"))
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        sys.exit(f"smtpx printed no JSON array (exit {p.returncode}): {p.stderr.strip()[:300]}")


got = []
for i in range(0, len(cases), 200):  # keep each command line well under ARG_MAX
    batch = [c["input"] for c in cases[i:i + 200]]
    answers = explain(batch)
    if len(answers) == len(batch):
        got += [[a] for a in answers]
    else:  # some input gave more (or fewer) than one answer: ask again one input at a time to see which
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            got += list(pool.map(lambda s: explain([s]), batch))
multi = [c.get("id") for c, g in zip(cases, got) if len(g) != 1]
right, total, misses, unknown_named = {}, {}, [], 0
for c, g in zip(cases, got):
    o = g[0] if g else {}
    for k in FIELDS:
        want, have = c.get(k), o.get(k)
        if k == "reason" and not c.get("sure", True):
            continue
        if k == "provider":
            if wild and not c.get("provider_named"):
                continue
            if wild and want not in KNOWN and want not in GENERIC:
                unknown_named += 1
                continue
            want = None if want in GENERIC else want
            have = None if have in GENERIC else have
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
for k in FIELDS:
    n = total.get(k, 0)
    acc = right.get(k, 0) / n if n else 1.0
    bar = bars.get(k, 0.0)
    flag = "" if acc >= bar else f"  < bar {bar:.0%}"
    ok &= acc >= bar
    print(f"{k:10} {acc:7.1%}  ({right.get(k, 0)}/{n}){flag}")
flag = ""
if max_multi is not None and len(multi) > max_multi:
    flag, ok = f"  > max {max_multi}", False
print(f"multi      {len(multi)} input(s) with other than one answer{flag}" + (f": {', '.join(multi[:10])}" if multi else ""))
if wild:
    print(f"provider   {unknown_named} named provider(s) with an id smtpx's knowledge base does not have, not scored")
print(f"{len(cases)} cases")
sys.exit(0 if ok else 1)
