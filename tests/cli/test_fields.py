"""--fields: only the named JSON keys, in the named order; an unknown key is a usage error naming it."""
import json
import sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

line = ("Nov  1 00:00:01 mx1 postfix/smtp[1003]: 26F2A74DE4: to=<a@example.net>, relay=mx.example.net[192.0.2.1]:25, "
        "delay=2.9, delays=0.1/0/0.3/2.5, dsn=5.3.4, status=bounced (host mx.example.net[192.0.2.1] said: 552 5.3.4 "
        "Message size exceeds fixed maximum message size (in reply to RCPT TO command))\n")
r = run("explain", "--ndjson", "--fields", "reason,code,enhanced,provider", stdin=(line * 3).encode())
rows = [json.loads(x) for x in r.stdout.decode().splitlines()]
check("ndjson: one object per line", len(rows) == 3 and r.returncode == 0)
check("ndjson: exactly the keys, in order", all(list(x) == ["reason", "code", "enhanced", "provider"] for x in rows))
full = json.loads(run("explain", "--ndjson", stdin=line.encode()).stdout)
check("values as in the full object", rows and all(rows[0][k] == full[k] for k in rows[0]))

r = run("--fields", "code,reason", "--json", "550 5.1.1", "421")
arr = json.loads(r.stdout)
check("--json: an array of cut objects", [list(x) for x in arr] == [["code", "reason"]] * 2 and arr[1]["code"] == 421)

r = run("explain", "--json", "--fields", "code", "999")   # an error answer keeps the asked keys
check("error answer: asked keys", r.returncode == 1 and list(json.loads(r.stdout)[0]) == ["code"])

r = run("explain", "--ndjson", "--fields", "reason,colour", "550")
err = r.stderr.decode()
check("unknown key: status 2", r.returncode == 2)
check("unknown key: named", "'colour'" in err and "reason" in err and r.stdout == b"")
r = run("explain", "--fields", "reason", "550")
check("without JSON: usage error", r.returncode == 2 and b"--json" in r.stderr)

# stats has no answers to cut: it says so, rather than asking for --json (which --events refuses).
log = line.encode()
r = run("stats", "--events", "--fields", "reason", "-", stdin=log)
check("stats --events --fields: usage error about --events", r.returncode == 2 and b"--events" in r.stderr
      and b"add --json" not in r.stderr and r.stdout == b"")
r = run("stats", "--json", "--fields", "reason", "-", stdin=log)
check("stats --json --fields: usage error about stats", r.returncode == 2 and b"stats" in r.stderr and r.stdout == b"")
r = run("--lang", "zh", "stats", "--events", "--fields", "reason", "-", stdin=log)
check("stats --events --fields: in Chinese too", r.returncode == 2 and "stats --events".encode() in r.stderr and "键".encode() in r.stderr)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
