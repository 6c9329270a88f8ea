#!/usr/bin/env python3
"""compare (issue 11): key differences written for a person and derived from the entries (class and
outcome, scope, commands, retry, who acts, the cause in words), no reason ids, no duplicates; "What
to do" is one line per code and never the per-code fix again."""
import json
import re
import sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

REASON_IDS = {"userunknown", "mailboxfull", "syntaxerror", "securityerror", "networkerror", "systemerror",
              "blocked", "spamdetected", "policyviolation", "authfailure", "undefined", "accepted"}

for codes in (["252", "501"], ["421", "450"], ["421", "450", "550", "554"], ["451", "4.7.1"], ["550", "5.1.1"]):
    p = run("compare", "--json", *codes)
    check(f"{codes}: exit {p.returncode}", p.returncode == 0)
    doc = json.loads(p.stdout.decode() or "{}")
    diffs = [d["text"] for d in doc.get("differences", [])]
    todo = doc.get("what_to_do", [])
    check(f"{codes}: some differences", len(diffs) >= 2)
    check(f"{codes}: no duplicate differences", len(diffs) == len(set(diffs)))
    for text in diffs + todo:
        words = set(re.findall(r"[a-z]+", text))
        check(f"{codes}: a reason id in {text!r}", not (words & REASON_IDS))
    check(f"{codes}: one what-to-do line per code", len(todo) == len(codes))
    for answer, line in zip(doc.get("codes", []), todo):
        check(f"{codes}: what to do repeats the fix of {answer.get('code')}", answer["fix"][:60] not in line)

# The scope difference that matters most: 421 ends the session, 450 refuses one command.
doc = json.loads(run("compare", "--json", "421", "450").stdout.decode())
scope = " ".join(d["text"] for d in doc["differences"] if d["aspect"] == "scope")
check(f"421 vs 450: the session ends for 421 ({scope!r})", re.search(r"421[^.]*session ends", scope) is not None)
check("421 vs 450: 450 concerns one command", re.search(r"450[^.]*only the command", scope) is not None)
doc = json.loads(run("compare", "--json", "550", "554").stdout.decode())
scope = " ".join(d["text"] for d in doc["differences"] if d["aspect"] == "scope")
check(f"550 vs 554: 554 as the greeting refuses the session ({scope!r})", "554" in scope and "greeting" in scope)
# Two codes of the same scope have no scope difference to tell.
doc = json.loads(run("compare", "--json", "450", "550").stdout.decode())
check("450 vs 550: no scope line", not [d for d in doc["differences"] if d["aspect"] == "scope"])

# Human view: the seed page's content and more, in the order a person reads it.
out = run("--width", "100", "compare", "252", "501").stdout.decode()
for needle in ("Key differences", "What to do", "VRFY", "252", "501"):
    check(f"252 vs 501 human: {needle}", needle in out)
check("252 vs 501: the cause in words", "protocol or syntax error" in out)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
