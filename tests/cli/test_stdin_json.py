#!/usr/bin/env python3
"""A pretty-printed JSON value on stdin (a webhook event) is one input with one answer (issue 14)."""
import json
import sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

SES_EVENT = json.dumps({
    "notificationType": "Bounce",
    "bounce": {
        "bounceType": "Permanent",
        "bouncedRecipients": [{"emailAddress": "a@example.com", "action": "failed", "status": "5.1.1",
                               "diagnosticCode": "smtp; 550 5.1.1 <a@example.com>: Recipient address rejected: "
                                                 "User unknown in virtual mailbox table"}],
    },
    "mail": {"source": "b@example.org", "destination": ["a@example.com"]},
}, indent=2)

stream = SES_EVENT + "\n" + "451 4.7.1 Greylisted, please retry later\n"
for mode in ("--json", "--ndjson"):
    p = run("explain", mode, "--no-user-kb", "-", stdin=stream.encode())
    check(f"{mode}: exit status {p.returncode}", p.returncode == 0)
    out = p.stdout.decode()
    answers = json.loads(out) if mode == "--json" else [json.loads(l) for l in out.splitlines() if l.strip()]
    check(f"{mode}: {len(answers)} answers for two inputs", len(answers) == 2)
    if len(answers) == 2:
        first, second = answers
        check(f"{mode}: event code {first.get('code')}", first.get("code") == 550)
        check(f"{mode}: event reason {first.get('reason')}", first.get("reason") == "userunknown")
        check(f"{mode}: event input is the whole value", first.get("input", "").startswith("{") and first["input"].rstrip().endswith("}"))
        check(f"{mode}: second code {second.get('code')}", second.get("code") == 451)

# The same event as one argument gives the same single answer.
p = run("explain", "--json", "--no-user-kb", SES_EVENT)
answers = json.loads(p.stdout.decode() or "[]")
check("argument: one answer", len(answers) == 1 and answers[0].get("code") == 550)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
