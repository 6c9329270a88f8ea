"""The verdict cache and the answer cache change nothing: every corpus and fixture input explained with the
caches and with SMTPX_NO_CACHE=1 gives byte-identical output (--ndjson and the human view with --why; --json is
the same objects).

The answer cache (classify/answer_cache.hpp) serves one-line records of a stream under --ndjson, so the corpus
records are also streamed, one per line, each followed by variants with other numbers, addresses and ids
(which the cache answers from the first one's template), with the whole answer and with --fields.

`smtpx mail` (which shares the verdict cache) is compared on tests/mail and, when present, the shared bounce mails.

Inputs go through one process per run, in order, so later inputs hit entries earlier ones made:
corpus records (tests/corpus/*.jsonl and, when present, ../shared/corpus/bounce-replies.jsonl) as
arguments, and the log, transcript, captured-bounce and CLI-case files as streams. Each record is
also fed a second time with its numbers, addresses and ids changed, so that the cache answers it
from an entry another text made. Usage: test_cache.py SMTPX SOURCE_DIR [N]: with N, every Nth corpus record
(the sanitizer builds, which look for memory errors, not for another answer).
"""
import glob
import json
import os
import re
import sys

from e2e import harness

exe, src = sys.argv[1], sys.argv[2]
sample = int(sys.argv[3]) if len(sys.argv) > 3 else 1
env, _run, check, failures = harness(exe)
import subprocess


def run(args, stdin=None, cache=True):
    e = dict(env)
    if not cache:
        e["SMTPX_NO_CACHE"] = "1"
    return subprocess.run([exe, *args], input=stdin, capture_output=True, env=e, timeout=600)


def variant(text):
    """The same message from another line: other digits, another local part, another queue id."""
    text = re.sub(r"[0-9]", lambda m: str((int(m.group(0)) + 3) % 10), text)
    return re.sub(r"([A-Za-z0-9._%+-]+)@", lambda m: m.group(1)[::-1] + "x@", text)


records = []
corpora = sorted(glob.glob(os.path.join(src, "tests/corpus/*.jsonl")))
shared = os.path.join(src, "..", "shared", "corpus", "bounce-replies.jsonl")
for extra in (shared, "/work/shared/corpus/bounce-replies.jsonl"):
    if os.path.exists(extra):
        corpora.append(extra)
        break
for path in corpora:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rec = json.loads(line)
                if isinstance(rec.get("input"), str) and rec["input"].strip():
                    records.append(rec["input"])
records = [r for r in records if not r.startswith("-")][::sample]
records += [variant(r) for r in records]
check("found corpus records", len(records) > 100)

streams = []
for pattern in ("tests/stats/*.maillog", "tests/transcript/samples/*", "tests/mta/captured/*", "tests/cli/cases/*.stdin"):
    streams += sorted(glob.glob(os.path.join(src, pattern)))
check("found fixture streams", len(streams) >= 3)

modes = [["explain", "--ndjson"], ["explain", "--why", "--width", "100"]]
compared = 0
for mode in modes:
    for start in range(0, len(records), 400):
        chunk = records[start:start + 400]
        a, b = run(mode + chunk), run(mode + chunk, cache=False)
        check(f"{mode} records {start}..: same output", a.stdout == b.stdout and a.returncode == b.returncode)
        check(f"{mode} records {start}..: output", len(a.stdout) > 0)
        compared += len(chunk)
    for path in streams:
        if os.path.isdir(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        for blob in (data, variant(data.decode("utf-8", "replace")).encode()):
            a, b = run(mode, stdin=blob), run(mode, stdin=blob, cache=False)
            check(f"{mode} {os.path.basename(path)}: same output", a.stdout == b.stdout and a.returncode == b.returncode)
            compared += 1

# The corpus as streams: every one-line record, then twice more with other digits and local parts,
# so that a record's shape is learnt from the first and its variants are answered from the template.
lines = [r for r in records if "\n" not in r and "\r" not in r]
check("found one-line corpus records", len(lines) > 100)
again = [variant(variant(r)) for r in lines]
stream = lines + [variant(r) for r in lines] + again + lines
for mode in (["explain", "--ndjson"], ["explain", "--ndjson", "--fields", "input,reason,code,enhanced,provider,recipient,evidence"]):
    for start in range(0, len(stream), 3000):
        piece = ("\n".join(stream[start:start + 3000]) + "\n").encode()
        a, b = run(mode, stdin=piece), run(mode, stdin=piece, cache=False)
        check(f"{mode} corpus stream {start}..: same output", a.stdout == b.stdout and a.stderr == b.stderr and a.returncode == b.returncode)
        check(f"{mode} corpus stream {start}..: output", len(a.stdout) > 0)
        compared += 1

# Postfix status lines whose syslog time, pid, queue id and delays differ only in form (a day padded
# or not, pids of 3 to 6 digits, queue ids starting or ending in digits or holding a reply code, delays
# of one and two digits): the answer cache keys these parts by kind alone, so later lines are answered
# from templates the first ones made, and must say exactly what they say uncached.
import random
rng = random.Random(13)
replies = [
    ("bounced", "5.1.1", "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("bounced", "5.7.1", "554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org"),
    ("deferred", "4.7.0", "421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1"),
    ("sent", "2.0.0", "250 2.0.0 OK  1700000000 a1b2c3d4e5f6 - gsmtp"),
    ("deferred", "4.4.1", "connect to mx.example.net[{ip}]:25: Connection timed out"),
]
qids = ["26F2A74DE4", "553E046328", "A7198BE250", "1A185EBEEB", "D90000278B", "12345", "550", "4Xb9Zk1Qq2z3", "ABCDEF"]
log = []
for n in range(600):
    status, dsn, text = replies[n % len(replies)]
    ip = "192.0.2.%d" % rng.randint(1, 254)
    rcpt = "user%d@example.net" % rng.randint(1, 99999)
    text = text.format(rcpt=rcpt, ip=ip)
    host = rng.choice(["mx.example.net", "gmail-smtp-in.l.google.com"])
    said = text if status == "sent" or not text[0].isdigit() else f"host {host}[{ip}] said: {text} (in reply to RCPT TO command)"
    relay = f"{host}[{ip}]:25" if text[0].isdigit() else "none"
    delay = "%.2f" % rng.choice([rng.uniform(0.1, 9.9), rng.uniform(10, 99), 550.0, 250.25])
    stamp = "Nov %2d %02d:%02d:%02d" % (rng.randint(1, 30), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    pid = rng.choice([rng.randint(100, 999), rng.randint(1000, 99999), 550, 421, 1369])
    log.append(f"{stamp} mx{n % 2} postfix/smtp[{pid}]: {rng.choice(qids)}: to=<{rcpt}>, relay={relay}, delay={delay}, "
               f"delays=0.1/0/0.3/{delay}, dsn={dsn}, status={status} ({said})")
blob = ("\n".join(log) + "\n").encode()
for mode in (["explain", "--ndjson"], ["explain", "--ndjson", "--fields", "reason,code,enhanced,provider"]):
    a, b = run(mode, stdin=blob), run(mode, stdin=blob, cache=False)
    check(f"{mode} postfix lines of one form: same output", a.stdout == b.stdout and a.stderr == b.stderr and a.returncode == b.returncode)
    check(f"{mode} postfix lines of one form: every line answered", a.stdout.count(b"\n") == len(log))
    compared += 1

# smtpx mail shares the verdict cache (the classifier's): every mail fixture, and the shared bounce mails when
# present, read in one process each way, give the same answers.
mail_inputs = sorted(glob.glob(os.path.join(src, "tests/mail/*.eml")))
for extra in (os.path.join(src, "..", "shared", "corpus", "bounce-mails", "mails"), "/work/shared/corpus/bounce-mails/mails"):
    if os.path.isdir(extra):
        mail_inputs.append(extra)
        break
check("found mail fixtures", len(mail_inputs) >= 5)
for mode in (["mail", "--json"], ["mail", "--ndjson", "--all"]):
    a, b = run(mode + mail_inputs), run(mode + mail_inputs, cache=False)
    check(f"{mode} mails: same output", a.stdout == b.stdout and a.stderr == b.stderr and a.returncode == b.returncode)
    check(f"{mode} mails: output", len(a.stdout) > 100)
    compared += 1

print(f"{compared} runs of inputs compared with and without the cache; {len(failures)} differ")
for f in failures[:20]:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
