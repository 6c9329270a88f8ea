#!/usr/bin/env python3
"""End-to-end checks of `explain --redact`: arguments, --json, --ndjson over a stdin stream, human output."""
import json, os, subprocess, sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)


POSTFIX = ("Jan 10 12:00:00 mail postfix/smtp[12345]: 1A2B3C4D5E: to=<bob.smith@acme-corp.com>, "
           "relay=mx1.acme-corp.com[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced "
           "(host mx1.acme-corp.com[198.51.100.7] said: 550 5.1.1 <bob.smith@acme-corp.com>: Recipient address rejected: "
           "User unknown in virtual mailbox table (in reply to RCPT TO command))")
NOQUEUE = ("Mar  3 08:15:01 gw postfix/smtpd[999]: NOQUEUE: reject: RCPT from unknown[2001:db8::45]: 554 5.7.1 "
           "<bob.smith@acme-corp.com>: Relay access denied; from=<spammer@bad-sender.net> to=<bob.smith@acme-corp.com> "
           "proto=ESMTP helo=<ylmf-pc.bad-sender.net>")
SECRETS = ["bob.smith", "acme-corp", "198.51.100.7", "1A2B3C4D5E", "2001:db8::45", "spammer", "bad-sender", "ylmf-pc"]


def leaks(text):
    return [s for s in SECRETS if s in text]


# Without --redact everything is there (so the checks below can fail).
plain = run("explain", "--json", POSTFIX, NOQUEUE)
check("without --redact the values are shown", len(leaks(plain.stdout.decode())) == len(SECRETS))

p = run("explain", "--redact", "--json", POSTFIX, NOQUEUE)
out = p.stdout.decode()
doc = json.loads(out)
check("--redact --json exits 0", p.returncode == 0)
check(f"--redact --json leaks nothing: {leaks(out)}", not leaks(out))
check("the verdict survives redaction", [o["reason"] for o in doc] == [o["reason"] for o in json.loads(plain.stdout)])
check("the recipient is a placeholder", doc[0]["recipient"] == "<email-1>")
check("the remote host is a placeholder", doc[0]["remote_host"] == "<host-1>")
check("the same address keeps its placeholder in the next input", doc[1]["recipient"] == "<email-1>")
check("IPv6 is replaced", "RCPT from unknown[<ip-2>]" in doc[1]["input"])
check("codes are untouched", doc[0]["code"] == 550 and doc[0]["enhanced"] == "5.1.1" and "dsn=5.1.1" in doc[0]["input"])
check("references are the knowledge base's", doc[0]["references"] == json.loads(plain.stdout)[0]["references"])

# --ndjson over a stdin stream: one object per line, placeholders stable across records.
p = run("explain", "--redact", "--ndjson", stdin=(POSTFIX + "\n" + NOQUEUE + "\n").encode())
lines = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
check("--ndjson gives one object per record", len(lines) == 2)
check(f"--ndjson leaks nothing: {leaks(p.stdout.decode())}", not leaks(p.stdout.decode()))
check("--ndjson placeholders are stable across records",
      len(lines) == 2 and lines[0]["recipient"] == lines[1]["recipient"] == "<email-1>")

# "-" mixes stdin with arguments in one run; the placeholders still line up.
p = run("explain", "--redact", "--json", POSTFIX, "-", stdin=(NOQUEUE + "\n").encode())
mixed = json.loads(p.stdout)
check("'-' input is redacted with the same placeholders", len(mixed) == 2 and mixed[1]["recipient"] == "<email-1>")

# Human output (with --long, which shows the input and the evidence) reads the same redacted answer.
p = run("explain", "--redact", "--long", POSTFIX)
human = p.stdout.decode()
check(f"human output leaks nothing: {leaks(human)}", p.returncode == 0 and not leaks(human) and "<host-1>" in human)

if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("redact: all checks passed")
