#!/usr/bin/env python3
"""End-to-end checks of `smtpx stats --events` (issue 13): one JSON object per delivery attempt with
exactly the documented keys, in log order, counted as the summary counts them; RFC 3339 times (year
from the file's time or --year, zone local or --tz, the log's own zone kept); a group id that is
FNV-1a 64 of the normalised text; escaping; usage errors; memory flat in the log's size."""
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import clean_env  # noqa: E402

SMTPX = sys.argv[1]
RSS_LIMIT_MIB = int(sys.argv[2]) if len(sys.argv) > 2 else 64
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "stats")
KEYS = ["time", "host", "mta", "queue_id", "recipient", "domain", "status", "relay", "code", "enhanced", "reason",
        "provider", "retryable", "final", "direction", "group", "text"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, stdin=None, env=None):
    p = subprocess.run([SMTPX, *args], input=stdin, capture_output=True, timeout=120,
                       env=clean_env(**{"TZ": "UTC", **(env or {})}))
    return p.returncode, p.stdout, p.stderr


def events(*args, env=None):
    code, out, err = run("stats", "--events", *args, env=env)
    check(code == 0, f"stats --events {args} exits 0 (got {code}: {err[:200]!r})")
    # Strict: every line is one object, UTF-8, with no NaN or duplicate keys.
    return [json.loads(line, object_pairs_hook=lambda kv: (check(len({k for k, _ in kv}) == len(kv), "no duplicate keys"), dict(kv))[1])
            for line in out.decode("utf-8").splitlines()] if code == 0 else []


def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


tmp = tempfile.mkdtemp(prefix="smtpx-events-")
logs = [os.path.join(SAMPLES, f) for f in ("postfix.maillog", "exim.maillog", "sendmail.maillog")]
for path in logs:
    os.utime(path, (1795000000, 1795000000))   # 2026-11-19: syslog lines of Nov 28 are 2026's

# Keys, types and counts: outbound events are the summary's attempts, inbound its rejections.
ev = events(*logs)
code, out, _ = run("stats", "--json", *logs)
s = json.loads(out)
check(all(list(e) == KEYS for e in ev), "every event has exactly the documented keys, in order")
outbound = [e for e in ev if e["direction"] == "outbound"]
inbound = [e for e in ev if e["direction"] == "inbound"]
check(len(outbound) == s["deliveries"] and len(inbound) == s["rejects"]["count"],
      f"one event per attempt ({len(outbound)} vs {s['deliveries']}) and per rejection ({len(inbound)})")
check(all(e["relay"] not in ("127.0.0.1",) for e in ev), "a hand-off to a local content filter is not an event")
for key, field in (("reasons", "reason"), ("statuses", "status"), ("providers", "provider"), ("enhanced", "enhanced")):
    got = Counter(e[field] for e in outbound if e[field])
    check(dict(got) == s[key], f"outbound {field}s add up to the summary's {key}: {dict(got)} vs {s[key]}")
    got = Counter(e[field] for e in inbound if e[field])
    check(dict(got) == s["rejects"][key], f"inbound {field}s add up to rejects.{key}")
check(dict(Counter(str(e["code"]) for e in outbound if e["code"] is not None)) == s["codes"], "codes add up")
check(all(isinstance(e["code"], int) or e["code"] is None for e in ev), "code is a number or null")
check(all(isinstance(e["retryable"], bool) and isinstance(e["final"], bool) for e in ev), "retryable and final are booleans")
check(all(e["final"] == (e["status"] in ("sent", "bounced", "expired")) for e in ev), "final: sent, bounced, expired")
check(all(e["mta"] in ("postfix", "exim", "sendmail") for e in ev), "mta names the MTA")
check(all(e["group"] == fnv1a64(e["text"]) for e in ev), "group is FNV-1a 64 of the normalised text")
check(all(e["domain"] == e["recipient"].rpartition("@")[2].lower() for e in ev if "@" in e["recipient"]), "domain of the recipient")

# Log order: the postfix sample's attempts, queue id and recipient, as the lines have them.
pf = events(logs[0])
lines = [l for l in open(logs[0]) if "status=" in l and "127.0.0.1" not in l]
check([(e["queue_id"], e["recipient"]) for e in pf if e["direction"] == "outbound"] ==
      [(l.split(": ")[1], l.split("to=<")[1].split(">")[0]) for l in lines], "events come in log order")
check(pf[0]["time"] == "2026-11-28T23:59:59+00:00" and pf[0]["host"] == "mx1", f"syslog time, year from mtime: {pf[0]['time']}")
# The summary's first and last are the log's own times: the events' span the same seconds.
check(min(e["time"][:19] for e in pf).replace("T", " ") >= json.loads(run("stats", "--json", logs[0])[1])["first"], "times within the log's span")

# Times: --year, --tz, the local zone with daylight saving, and the log's own zones kept.
check(events("--year", "2020", logs[0])[0]["time"].startswith("2020-11-28T23:59:59"), "--year sets the syslog year")
check(events("--tz", "+05:30", logs[0])[0]["time"] == "2026-11-28T23:59:59+05:30", "--tz +05:30")
check(events("--tz", "-0800", logs[0])[0]["time"] == "2026-11-28T23:59:59-08:00", "--tz -0800")
check(events(logs[0], env={"TZ": "Europe/Berlin"})[0]["time"].endswith("+01:00"), "local zone in winter")
summer = os.path.join(tmp, "summer.log")
with open(summer, "w") as f:
    f.write("Jul  4 12:00:00 mx1 postfix/smtp[1]: ABCDEF1235: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, "
            "dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command))\n"
            "2026-11-29T10:00:01.123456+0100 mx2 postfix/smtp[1]: ABCDEF1236: to=<b@example.com>, relay=none, dsn=4.4.1, "
            "status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)\n"
            "2026-11-29 10:00:02 +0530 1tGabc-000ABC-12 ** bob@example.net R=dnslookup T=remote_smtp H=mx.example.net "
            "[192.0.2.2]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 unknown\n"
            "2026-11-29T10:00:03Z mx2 postfix/smtp[1]: ABCDEF1237: to=<c@example.com>, relay=none, dsn=4.4.1, "
            "status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)\n")
times = [e["time"] for e in events("--year", "2026", summer, env={"TZ": "Europe/Berlin"})]
check(times == ["2026-07-04T12:00:00+02:00", "2026-11-29T10:00:01.123456+01:00", "2026-11-29T10:00:02+05:30",
                "2026-11-29T10:00:03Z"], f"times: {times}")
exim = events(logs[1], env={"TZ": "America/New_York"})
check(exim and exim[0]["time"] == "2026-11-29T10:00:01-05:00", "Exim's zoneless times get the local offset")

# The group is the wording's: the same across hosts and runs.
other = os.path.join(tmp, "mx2.log")
with open(logs[0]) as src, open(other, "w") as dst:
    dst.write(src.read().replace(" mx1 ", " mx2 "))
check([e["group"] for e in events(other)] == [e["group"] for e in pf], "groups equal across hosts")
check(all(e["host"] == "mx2" for e in events(other)), "host is the syslog host")

# --since/--until apply; hostile bytes are escaped and invalid UTF-8 replaced.
w = events("--since", "2026-11-29 10:01", "--until", "2026-11-29 10:16:01", logs[1])
check(len(w) == 1, f"--since/--until window: {len(w)} event(s)")
evil = os.path.join(tmp, "evil.log")
with open(evil, "wb") as f:
    f.write(b"Nov 29 00:00:01 mx\x1b1 postfix/smtp[1]: ABCDEF1234: to=<a\"b\\@example.com>, relay=mx.example.com[192.0.2.1]:25, "
            b"dsn=5.0.0, status=bounced (host mx.example.com[192.0.2.1] said: 550 \x1b]0;pwned\x07 \"q\" \\ \xff\xc3\x28 "
            b"\xe2\x82\xac\x00 (in reply to RCPT TO command))\n")
code, out, _ = run("stats", "--events", evil)
check(code == 0 and b"\x1b" not in out and b"\x07" not in out and b"\x00" not in out, "no raw control bytes in events")
e = json.loads(out.decode("utf-8")) if code == 0 else {}
check("\ufffd(" in e.get("text", "") and "\u20ac" in e.get("text", "") and '"q" \\' in e.get("text", ""),
      f"invalid UTF-8 replaced, valid kept, quotes and backslashes escaped: {e.get('text')!r}")
check(e.get("recipient") == 'a"b\\@example.com', f"recipient escaped: {e.get('recipient')!r}")

# Usage errors: status 2, one catalogued line, in Chinese too.
for args, word in ((("--json",), b"--json"), (("--merge", logs[0]), b"--merge")):
    code, out, err = run("stats", "--events", *args, *([] if "--merge" in args else logs[:1]))
    check(code == 2 and word in err and err.count(b"\n") == 1 and not out, f"--events with {word!r}: usage error ({code}, {err!r})")
code, _, err = run("stats", "--tz", "+01:00", logs[0])
check(code == 2 and b"--events" in err, f"--tz without --events is a usage error ({code})")
for bad in ("+25:00", "CET", "+1:00"):
    code, _, err = run("stats", "--events", "--tz", bad, logs[0])
    check(code == 2 and bad.encode() in err, f"--tz {bad} is a usage error ({code})")
code, _, err = run("--lang", "zh", "stats", "--events", "--json", logs[0])
check(code == 2 and "汇总".encode() in err, "the usage error in Chinese")

# Memory: events are written as they come, never kept.
big = os.path.join(tmp, "big.log")
rng = random.Random(7)
with open(big, "w") as f:
    for i in range(200000):
        f.write(f"Nov 29 00:00:01 mx1 postfix/smtp[1]: Q{i:09X}: to=<u{i}@d{rng.randrange(10**6)}.example>, relay=mx.example.com"
                f"[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 user unknown "
                f"tag{rng.randrange(10**9)}x{i} (in reply to RCPT TO command))\n")
with open(big, "rb") as stdin, tempfile.TemporaryFile() as outf:
    p = subprocess.Popen([SMTPX, "stats", "--events", "-"], stdin=stdin, stdout=outf, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    outf.seek(0)
    n = sum(1 for _ in outf)
check(os.waitstatus_to_exitcode(status) == 0 and n == 200000, f"big log: 200000 events ({n})")
check(usage.ru_maxrss < RSS_LIMIT_MIB * 1024, f"--events peak RSS {usage.ru_maxrss} KiB < {RSS_LIMIT_MIB} MiB")

print(f"{'FAILED' if failures else 'ok'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
