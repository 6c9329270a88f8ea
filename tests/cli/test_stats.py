#!/usr/bin/env python3
"""End-to-end checks of `smtpx stats` on the sample logs in tests/stats: JSON fields, --merge,
gzip input, --since/--until, errors (corrupt .gz, broken --merge JSON), escaping and memory."""
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import clean_env  # noqa: E402

SMTPX = sys.argv[1]
ENV = clean_env(LANG="C")
RSS_LIMIT_MIB = int(sys.argv[2]) if len(sys.argv) > 2 else 64   # larger under sanitizers
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "stats")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, stdin=None, env=None):
    p = subprocess.run([SMTPX, *args], input=stdin, capture_output=True, timeout=120,
                       env={**ENV, **(env or {})})
    return p.returncode, p.stdout, p.stderr


def stats_json(*args, stdin=None):
    code, out, err = run("stats", "--json", *args, stdin=stdin)
    check(code == 0, f"stats {args} exits 0 (got {code}: {err[:200]!r})")
    return json.loads(out) if code == 0 else {}


tmp = tempfile.mkdtemp(prefix="smtpx-stats-")
logs = [os.path.join(SAMPLES, f) for f in ("postfix.maillog", "exim.maillog", "sendmail.maillog")]
for path in logs:   # syslog lines carry no year: it comes from the file's time
    os.utime(path, (1795000000, 1795000000))   # 2026-11-19

# The required fields, with the right shapes.
s = stats_json(*logs)
for key in ("lines", "deliveries", "final", "statuses", "reasons", "codes", "enhanced", "providers", "domains", "top"):
    check(key in s, f"summary has '{key}'")
for key in ("final", "statuses", "reasons", "codes", "enhanced", "providers", "domains"):
    check(isinstance(s.get(key), dict) and all(isinstance(v, int) for v in s[key].values()), f"'{key}' is an object of counts")
check(s.get("lines") == 26 + 9 + 5, f"lines counted: {s.get('lines')}")
check(s.get("deliveries") == 9 + 4 + 3, f"deliveries: {s.get('deliveries')}")
check(s.get("handoffs") == 1, "the content-filter hand-off is counted apart")
check(s.get("rejects", {}).get("count") == 4, f"inbound rejections: {s.get('rejects', {}).get('count')}")
check(s.get("statuses") == {"sent": 3 + 2 + 1, "deferred": 4 + 1 + 1, "bounced": 2 + 1 + 1}, f"statuses: {s.get('statuses')}")
check(sum(s.get("statuses", {}).values()) == s.get("deliveries"), "statuses add up to deliveries")
check(s.get("reasons", {}).get("userunknown") == 3, f"userunknown: {s.get('reasons')}")
check(s.get("top") and s["top"][0]["count"] >= 2 and s["top"][0]["fix"], "top entries carry counts and a fix")

# --merge of per-host summaries equals one run over all the logs (for the exact fields).
parts = []
for i, path in enumerate(logs):
    part = os.path.join(tmp, f"host{i}.json")
    with open(part, "w") as f:
        json.dump(stats_json(path), f)
    parts.append(part)
m = stats_json("--merge", *parts)
for key in ("lines", "deliveries", "handoffs", "final", "statuses", "reasons", "codes", "enhanced", "providers", "domains"):
    check(m.get(key) == s.get(key), f"--merge gives the same '{key}' as one run")

# gzip, transparently, and stdin.
gz = os.path.join(tmp, "mail.log.1.gz")
with open(logs[0], "rb") as src, gzip.open(gz, "wb") as dst:
    dst.write(src.read())
g = stats_json(gz)
check(g.get("statuses") == stats_json(logs[0]).get("statuses"), ".gz gives the same counts as the plain file")
with open(logs[1], "rb") as f:
    check(stats_json("-", stdin=f.read()).get("deliveries") == 4, "stdin is read with '-'")

# --since / --until on Exim's dated lines.
w = stats_json("--since", "2026-11-29 10:01", "--until", "2026-11-29 10:16:01", logs[1])
check(w.get("deliveries") == 1 and w.get("out_of_range") == 6, f"--since/--until window: {w.get('deliveries')}, {w.get('out_of_range')}")

# Errors: named, one line, documented statuses.
bad_gz = os.path.join(tmp, "corrupt.log.gz")
with open(bad_gz, "wb") as f:
    f.write(gzip.compress(b"x" * 100000)[:40] + b"\xff" * 64)
code, out, err = run("stats", bad_gz)
check(code == 1 and bad_gz.encode() in err and err.count(b"\n") == 1, f"corrupt .gz: exit 1 naming the file ({code}, {err!r})")
bad_json = os.path.join(tmp, "broken.json")
with open(bad_json, "w") as f:
    f.write('{"format": 1, "lines": ')
code, out, err = run("stats", "--merge", bad_json)
check(code == 1 and bad_json.encode() in err and err.count(b"\n") == 1, f"invalid --merge JSON: exit 1 naming the file ({code}, {err!r})")
wrong = os.path.join(tmp, "wrong.json")
with open(wrong, "w") as f:
    json.dump({**s, "statuses": {"sent": "many"}}, f)
code, out, err = run("stats", "--merge", wrong)
check(code == 1 and b"/statuses/sent" in err, f"--merge names the bad field ({err!r})")
code, out, err = run("stats", os.path.join(tmp, "missing.log"))
check(code == 1 and b"missing.log" in err, "a missing file is named, exit 1")
code, out, err = run("stats", "--since", "yesterday", logs[0])
check(code == 2 and b"yesterday" in err, f"a bad --since is a usage error ({code})")
code, out, err = run("stats", logs[0], "--merge", parts[0])
check(code == 2, "--merge with log files is a usage error")

# Human output: headings, bars, and input escaped.
evil = os.path.join(tmp, "evil.log")
with open(evil, "wb") as f:
    f.write(b"Nov 29 00:00:01 mx1 postfix/smtp[1]: ABCDEF1234: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, "
            b"dsn=5.0.0, status=bounced (host mx.example.com[192.0.2.1] said: 550 \x1b]0;pwned\x07\x1b[31mred\x9b (in reply to RCPT TO command))\n")
code, out, err = run("stats", "--width", "80", evil, *logs)
check(code == 0 and b"\x1b" not in out and b"\x9b" not in out and b"\x07" not in out, "no raw control bytes from the log in the report")
text = out.decode("utf-8", "replace")
check("Delivery attempts by status" in text and "Top problems" in text and "\u2588" in text, "report has its sections and bars")
check(max(len(l) for l in text.splitlines()) <= 80, "report fits 80 columns")
code, out, err = run("stats", "--top", "1", *logs)
check(code == 0 and out.decode().count(" 2. ") == 0, "--top 1 shows one problem")
code, out, err = run("--lang", "zh", "stats", *logs)
check(code == 0 and "投递尝试" in out.decode(), "report in Chinese with --lang zh")
code, out, err = run("stats", stdin=b"")
check(code == 0 and b"0 lines" in out, "empty stdin is an empty report")

# Bounded memory on a log with many distinct texts and domains (the tables are capped).
big = os.path.join(tmp, "big.log")
rng = random.Random(7)
with open(big, "w") as f:
    for i in range(200000):
        f.write(f"Nov 29 00:00:01 mx1 postfix/smtp[1]: Q{i:09X}: to=<u{i}@d{rng.randrange(10**6)}.example>, relay=mx.example.com"
                f"[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 user unknown "
                f"tag{rng.randrange(10**9)}x{i} (in reply to RCPT TO command))\n")
with open(big, "rb") as stdin, tempfile.TemporaryFile() as outf:
    p = subprocess.Popen([SMTPX, "stats", "--json", "-"], stdin=stdin, stdout=outf, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(p.pid, 0)   # this child's own peak RSS, in KiB
    code = os.waitstatus_to_exitcode(status)
    outf.seek(0)
    out = outf.read()
check(code == 0, f"big log: exit {code}")
rss_kib = usage.ru_maxrss
check(rss_kib < RSS_LIMIT_MIB * 1024, f"peak RSS {rss_kib} KiB < {RSS_LIMIT_MIB} MiB")
b = json.loads(out) if code == 0 else {}
check(b.get("deliveries") == 200000 and len(b.get("domains", {})) <= 1000 and b.get("domains_other", 0) > 0,
      f"domains are capped with an 'other' count ({len(b.get('domains', {}))}, {b.get('domains_other')})")

# A single 64 MiB line in a file (and NUL bytes, invalid UTF-8): skipped past, memory bounded.
huge = os.path.join(tmp, "huge.log")
with open(huge, "wb") as f:
    f.write(b"Nov 29 00:00:01 mx1 postfix/smtp[1]: ABCDEF1234: to=<a@example.com>, status=bounced (550 ")
    for _ in range(64):
        f.write(b"\x00\xff\x1b" * (1 << 18) + b"x" * (1 << 18))
    f.write(b")\nNov 29 00:00:02 mx1 postfix/qmgr[2]: ABCDEF1234: removed\n")
with open(huge, "rb") as stdin, tempfile.TemporaryFile() as outf:
    p = subprocess.Popen([SMTPX, "stats", "--json", "-"], stdin=stdin, stdout=outf, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(p.pid, 0)
    outf.seek(0)
    h = json.loads(outf.read() or b"{}")
check(os.waitstatus_to_exitcode(status) == 0 and h.get("lines") == 2, f"64 MiB line: two lines read ({h.get('lines')})")
check(usage.ru_maxrss < RSS_LIMIT_MIB * 1024, f"64 MiB line: peak RSS {usage.ru_maxrss} KiB < {RSS_LIMIT_MIB} MiB")

print(f"{'FAILED' if failures else 'ok'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
