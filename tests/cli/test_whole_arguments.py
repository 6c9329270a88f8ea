#!/usr/bin/env python3
"""One argument is one input (issue 14): CLI11 splits a value written as a bracketed list at its
commas, so a pasted JSON array ("[{...},{...}]", a webhook batch) gave one answer per piece."""
import json
import sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

EVENT = ('[{"email":"user@example.com","event":"bounce","reason":"554 5.7.1 Service unavailable; Client host '
         '[192.0.2.66] blocked using bl.spamcop.net","status":"5.7.1","type":"blocked"}]')
for args in (("explain", "--json", EVENT), ("--json", EVENT)):
    p = run(*args)
    try:
        answers = json.loads(p.stdout.decode())
    except ValueError:
        answers = []
    check(f"{args[0]}: one answer for one JSON array, got {len(answers)}", len(answers) == 1)
    if answers:
        check(f"{args[0]}: the input is the whole argument", answers[0].get("input") == EVENT)
        check(f"{args[0]}: code 554 read from the event, got {answers[0].get('code')}", answers[0].get("code") == 554)

# Several arguments stay several inputs, and a bracketed one between them stays whole.
p = run("explain", "--json", "550", "[a,b]", "551")
inputs = [a.get("input") for a in json.loads(p.stdout.decode() or "[]")]
check(f"three arguments, three inputs in order: {inputs}", inputs == ["550", "[a,b]", "551"])

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
