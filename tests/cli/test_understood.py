#!/usr/bin/env python3
"""Nothing confident about what smtpx did not understand (issue 11): an argument with no SMTP
meaning is an error with exit 1 and a JSON error object; a stream line like that is skipped; an
understood input of every recognised form still gets its answer."""
import json
import sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

NOT_UNDERSTOOD = [
    "The quick brown fox jumps over the lazy dog",
    "ORA-12154: TNS:could not resolve the connect identifier specified",
    "HTTP/1.1 503 Service Unavailable",
    "HTTP 400 Bad Request",
    "SIP/2.0 486 Busy Here",
    "RTSP/1.0 454 Session Not Found",
    "denied",                   # a generic word alone refines, never decides
    "I think this is spam",
    '{"level": "info", "msg": "started"}',
]
for text in NOT_UNDERSTOOD:
    p = run("explain", "--json", text)
    check(f"{text!r}: exit {p.returncode}, want 1", p.returncode == 1)
    try:
        [answer] = json.loads(p.stdout.decode())
    except ValueError:
        check(f"{text!r}: one JSON answer", False)
        continue
    check(f"{text!r}: error set", bool(answer.get("error")))
    others = [k for k, v in answer.items() if k not in ("input", "error") and v not in (None, [], {})]
    check(f"{text!r}: other keys null, not {others}", not others)
    check(f"{text!r}: no 'local MTA' guess", "local MTA" not in p.stdout.decode())
    h = run("explain", text)
    check(f"{text!r}: human exit {h.returncode}", h.returncode == 1)
    err = h.stderr.decode().strip().splitlines()
    check(f"{text!r}: one error line naming it, got {err}", len(err) == 1 and text[:20] in err[0])
    check(f"{text!r}: nothing on stdout", h.stdout == b"")

p = run("explain", "--json", "HTTP/1.1 503 Service Unavailable")
check("HTTP line: error says HTTP", "HTTP" in (json.loads(p.stdout.decode())[0].get("error") or ""))

UNDERSTOOD = {
    "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown": "userunknown",
    "Dec  3 01:02:03 mx postfix/smtp[123]: ABC123: to=<a@example.com>, relay=none, delay=30, "
    "delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.1]:25: Connection timed out)": None,
    "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full": "mailboxfull",
    "user unknown": "userunknown",     # a rule's phrase is understood on its own
    "access denied": "blocked",
}
for text, reason in UNDERSTOOD.items():
    p = run("explain", "--json", text)
    check(f"{text[:40]!r}: exit {p.returncode}, want 0", p.returncode == 0)
    answer = (json.loads(p.stdout.decode() or "[{}]") or [{}])[0]
    check(f"{text[:40]!r}: no error", answer.get("error") is None)
    if reason:
        check(f"{text[:40]!r}: reason {answer.get('reason')}", answer.get("reason") == reason)

# A number that counts something is no reply code: "300 seconds", "552 bytes".
for text in ("Recipient address rejected: Greylisted for 300 seconds", "message of 552 bytes refused by policy"):
    answer = (json.loads(run("explain", "--json", text).stdout.decode() or "[{}]") or [{}])[0]
    check(f"{text!r}: code {answer.get('code')}, want none", answer.get("code") is None)

# A provider's token alone is answered from the rule that names it.
for token, provider in (("TSS04", "yahoo"), ("S3150", "microsoft")):
    p = run("explain", "--json", token)
    answer = (json.loads(p.stdout.decode() or "[{}]") or [{}])[0]
    check(f"{token}: exit {p.returncode}", p.returncode == 0)
    check(f"{token}: provider {answer.get('provider')}", answer.get("provider") == provider)
    check(f"{token}: reason {answer.get('reason')}", answer.get("reason") == "blocked")
    check(f"{token}: headline names it", answer.get("headline", "").startswith(token))

# On a stream, lines with nothing SMTP in them are skipped silently; the others are answered.
stream = "\n".join(NOT_UNDERSTOOD[:3] + ["451 4.7.1 Greylisted, please retry later"]) + "\n"
p = run("explain", "--ndjson", "-", stdin=stream.encode())
lines = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
check(f"stream: exit {p.returncode}", p.returncode == 0)
check(f"stream: one answer, got {len(lines)}", len(lines) == 1 and lines[0].get("code") == 451)
check("stream: nothing on stderr", p.stderr == b"")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
