"""A long-lived `explain --ndjson` (tail -f | smtpx): each record is answered before the next one is
written, with the answer cache on and off, and the answers of a stream equal those of a file."""
import json
import os
import select
import subprocess
import sys
import threading

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

LINE = ("Nov  1 00:00:0{n} mx1 postfix/smtp[100{n}]: 26F2A74DE{n}: to=<u{n}@example.net>, relay=mx.example.net[192.0.2.{n}]:25, "
        "delay=2.9, delays=0.1/0/0.3/2.5, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.{n}] said: 550 5.1.1 "
        "<u{n}@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n")


def answer_within(p, seconds=20):
    """The next line the process writes, or None when none comes within `seconds` (raw reads: a
    buffered reader could hold a second line where select() does not see it)."""
    buf = pending.setdefault(p.pid, b"")
    while b"\n" not in buf:
        ready, _, _ = select.select([p.stdout], [], [], seconds)
        chunk = os.read(p.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            return None
        buf += chunk
    line, _, pending[p.pid] = buf.partition(b"\n")
    return line


pending = {}
for cache in ("on", "off"):
    e = dict(env, **({"SMTPX_NO_CACHE": "1"} if cache == "off" else {}))
    for fields in ([], ["--fields", "reason,recipient"]):
        p = subprocess.Popen([exe, "explain", "--ndjson", *fields], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=e)
        got = []
        for n in range(1, 5):   # the same shape four times: learnt, then answered from the template
            p.stdin.write(LINE.format(n=n).encode())
            p.stdin.flush()
            out = answer_within(p)
            got.append(json.loads(out) if out else None)
        check(f"cache {cache} {fields}: each line answered before the next is written",
              all(g and g["reason"] == "userunknown" and g["recipient"] == f"u{n}@example.net" for n, g in zip(range(1, 5), got)))
        # A multi-line reply is one record: answered once its last line has come.
        p.stdin.write(b"550-5.1.1 The email account that you tried to reach does not exist.\n")
        p.stdin.flush()
        early = answer_within(p, 1)
        p.stdin.write(b"550 5.1.1 Please check the address.\n")
        p.stdin.flush()
        late = answer_within(p)
        check(f"cache {cache} {fields}: a multi-line reply is answered when it ends, once",
              early is None and late and json.loads(late)["reason"] == "userunknown")
        p.stdin.close()
        rest = pending.get(p.pid, b"") + p.stdout.read()
        p.wait(timeout=60)
        check(f"cache {cache} {fields}: nothing more at the end, exit 0", rest == b"" and p.returncode == 0)

# Many lines through a pipe in small pieces equal the same lines read at once (batches cut mid-line).
lines = "".join(LINE.format(n=n % 10) for n in range(3000)).encode() + b"550 5.7.1 no final newline"
whole = run("explain", "--ndjson", stdin=lines).stdout
r, w = os.pipe()
p = subprocess.Popen([exe, "explain", "--ndjson"], stdin=r, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
os.close(r)


def write_in_pieces():   # from a thread: the answers must be read meanwhile, or both sides wait on a full pipe
    for i in range(0, len(lines), 997):
        os.write(w, lines[i:i + 997])
    os.close(w)


writer = threading.Thread(target=write_in_pieces)
writer.start()
pieces, _ = p.communicate(timeout=120)
writer.join()
check("3,001 records in 997-byte pieces: the same answers as at once", pieces == whole and len(whole.splitlines()) == 3001)

for f in failures:
    print("FAIL:", f)
print(f"{'ok' if not failures else 'FAILED'}: test_stream")
sys.exit(1 if failures else 0)
