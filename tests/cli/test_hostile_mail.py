#!/usr/bin/env python3
"""Hostile mail against `smtpx mail` (issue 10): a 100 MiB message, 10,000 MIME parts, multiparts
nested 1,000 deep, a boundary never closed, invalid base64 and a 1 MiB header line.

Each mail is generated here into a temporary file (written in pieces, never held whole in this
process) and answered with `smtpx mail --json FILE`: in bounded time and peak RSS (os.wait4, the
child's own rusage), with no crash, valid JSON, only the one-line errors smtpx documents, and a note
where the reader stopped at one of its bounds. Where the delivery report comes before the hostile part,
its recipient must still be found.

  test_hostile_mail.py PATH/TO/smtpx [RSS_LIMIT_MIB]     (larger limit under sanitizers)
"""
import json
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import harness  # noqa: E402

exe = sys.argv[1]
# The reader keeps at most one (capped) message: holding the 100 MiB one whole would pass this bound.
RSS_LIMIT_MIB = int(sys.argv[2]) if len(sys.argv) > 2 else 128
TIME_LIMIT = 60
MiB = 1024 * 1024
env, _, check, failures = harness(exe)

HEAD = (b"From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
        b"To: sender@example.com\n"
        b"Subject: Undelivered Mail Returned to Sender\n"
        b"Date: Wed, 2 Dec 2026 20:00:00 +0000\n"
        b"MIME-Version: 1.0\n")


def report_head(boundary):
    return HEAD + (b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"%s\"\n\n"
                   % boundary)


def notification(boundary, rcpt=b"victim@example.org"):
    """The human-readable part of a Postfix-like bounce for one recipient."""
    return (b"--%s\nContent-Type: text/plain; charset=us-ascii\n\n"
            b"<%s>: host mx.example.org[192.0.2.1] said: 550 5.1.1 <%s>: Recipient\n"
            b"    address rejected: User unknown in local recipient table (in reply to RCPT TO command)\n\n"
            % (boundary, rcpt, rcpt))


def status_part(boundary, rcpt=b"victim@example.org"):
    """The message/delivery-status part for the same recipient."""
    return (b"--%s\nContent-Type: message/delivery-status\n\n"
            b"Reporting-MTA: dns; mx.example.net\n\n"
            b"Final-Recipient: rfc822; %s\nAction: failed\nStatus: 5.1.1\n"
            b"Remote-MTA: dns; mx.example.org\n"
            b"Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown in local\n"
            b"    recipient table\n\n"
            % (boundary, rcpt, rcpt))


def dsn_parts(boundary):
    return notification(boundary) + status_part(boundary)


# ---------------------------------------------------------------- the hostile mails (writers)

def huge_message(f):
    """A bounce whose returned message is 100 MiB of body."""
    b = b"BOUNDARY-huge"
    f.write(report_head(b) + dsn_parts(b))
    f.write(b"--%s\nContent-Type: message/rfc822\n\nFrom: sender@example.com\nSubject: big\n\n" % b)
    line = b"x" * 1023 + b"\n"
    chunk = line * 1024
    for _ in range(100):
        f.write(chunk)
    f.write(b"--%s--\n" % b)


def many_parts(f):
    """The delivery report, then 10,000 more parts."""
    b = b"BOUNDARY-many"
    f.write(report_head(b) + dsn_parts(b))
    for i in range(10000):
        f.write(b"--%s\nContent-Type: text/plain\n\npart %d\n" % (b, i))
    f.write(b"--%s--\n" % b)


def deep_nesting(f):
    """multipart/mixed inside multipart/mixed, 1,000 levels, a bounce's words at the bottom."""
    depth = 1000
    f.write(HEAD + b"Content-Type: multipart/mixed; boundary=\"L0\"\n\n")
    for i in range(1, depth):
        f.write(b"--L%d\nContent-Type: multipart/mixed; boundary=\"L%d\"\n\n" % (i - 1, i))
    f.write(b"--L%d\nContent-Type: text/plain\n\n<deep@example.org>: host mx.example.org[192.0.2.1] said: "
            b"550 5.1.1 User unknown (in reply to RCPT TO command)\n" % (depth - 1))
    for i in reversed(range(depth)):
        f.write(b"--L%d--\n" % i)


def unclosed_boundary(f):
    """The delivery report, then a returned message whose boundary never comes, and no final one."""
    b = b"BOUNDARY-open"
    f.write(report_head(b) + dsn_parts(b))
    f.write(b"--%s\nContent-Type: message/rfc822\n\nFrom: sender@example.com\nSubject: cut\n\n" % b)
    f.write(b"the original text, cut off in the middle of a line")


def invalid_base64(f):
    """The human-readable part in 'base64' that is not: stray symbols, bad padding, odd lengths."""
    b = b"BOUNDARY-b64"
    f.write(report_head(b))
    f.write(b"--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" % b)
    f.write(b"!!!!not*base64@@@\n=A=B==C\nQUJD\x00\xff\xfe===\nQQ\n" * 2000)
    f.write(b"\n--%s\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n%%%%%%\n\n" % b)
    f.write(status_part(b))
    f.write(b"--%s--\n" % b)


def huge_header(f):
    """A 1 MiB header line (never folded) and a 1 MiB header folded into 16,384 lines, before the report."""
    b = b"BOUNDARY-header"
    f.write(b"X-Junk: " + b"j" * MiB + b"\n")
    f.write(b"X-Folded: " + (b"f" * 63 + b"\n ") * (MiB // 64) + b"end\n")
    f.write(report_head(b) + dsn_parts(b) + b"--%s--\n" % b)


# name -> (writer, recipient the reader must still find or None, whether a bound is hit so a note is due)
CASES = {
    "100 MiB message": (huge_message, "victim@example.org", True),
    "10,000 MIME parts": (many_parts, "victim@example.org", True),
    "nesting 1,000 deep": (deep_nesting, None, True),
    "boundary never closed": (unclosed_boundary, "victim@example.org", False),
    "invalid base64": (invalid_base64, "victim@example.org", False),
    "1 MiB header": (huge_header, "victim@example.org", False),
}


# ---------------------------------------------------------------- running

def run_measured(*args, timeout=TIME_LIMIT * 2):
    """Runs smtpx; returns (status, stdout, stderr, peak RSS bytes, seconds). os.wait4 gives this
    child's own rusage, which subprocess.run does not."""
    import subprocess
    start = time.monotonic()
    p = subprocess.Popen([exe, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    out, err = [], []
    readers = [threading.Thread(target=lambda: out.append(p.stdout.read())),
               threading.Thread(target=lambda: err.append(p.stderr.read()))]
    for t in readers:
        t.start()
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    _, status, usage = os.wait4(p.pid, 0)
    killer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    return p.returncode, out[0], err[0], usage.ru_maxrss * 1024, time.monotonic() - start


def has_note(records, err):
    """A note in a record (any key starting with "note") or a one-line message on stderr."""
    for rec in records:
        for key, value in rec.items():
            if key.startswith("note") and value:
                return True
    return bool(err.strip())


def main():
    import subprocess
    helptext = subprocess.run([exe, "--help"], capture_output=True, env=env).stdout.decode(errors="replace")
    if not any(line.split()[:1] == ["mail"] for line in helptext.splitlines() if line.startswith("  ")):
        print("SKIP: this smtpx has no `mail` subcommand yet")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        for name, (writer, rcpt, bounded) in CASES.items():
            path = os.path.join(tmp, name.replace(" ", "-").replace(",", "") + ".eml")
            with open(path, "wb") as f:
                writer(f)
            size = os.path.getsize(path)
            status, out, err, rss, secs = run_measured("mail", "--json", path)
            print("%s (%.1f MiB): status %d, %.2f s, peak RSS %.0f MiB, %d bytes out"
                  % (name, size / MiB, status, secs, rss / MiB, len(out)))
            check("%s: no crash (status %d: %r)" % (name, status, err[:300]), status in (0, 1))
            check("%s: bounded time (%.1f s)" % (name, secs), secs < TIME_LIMIT)
            check("%s: peak RSS %.0f MiB < %d MiB" % (name, rss / MiB, RSS_LIMIT_MIB), rss < RSS_LIMIT_MIB * MiB)
            check("%s: stderr at most one line per message (%r)" % (name, err[:300]), err.count(b"\n") <= 1)
            check("%s: no raw escapes on stderr" % name, b"\x1b" not in err)
            try:
                records = json.loads(out)
            except ValueError as e:
                check("%s: valid JSON (%s): %r" % (name, e, out[:300]), False)
                continue
            if not isinstance(records, list) or not records:
                check("%s: a non-empty JSON array, got %r" % (name, out[:300]), False)
                continue
            # Exit 1 exactly when the one file is no bounce (README, smtpx mail).
            want = 1 if any(r.get("kind") == "not-a-bounce" for r in records) else 0
            check("%s: exit %d (got %d)" % (name, want, status), status == want)
            check("%s: every record names the file" % name, all(r.get("file") == path for r in records))
            # The deciding text is what a server or MTA said, never MIME syntax (boundary lines).
            leaked = [r.get("input") for r in records if "--L" in (r.get("input") or "")
                      or "--BOUNDARY" in (r.get("input") or "")]
            check("%s: no MIME boundary line in the deciding text (%r)" % (name, [x[:80] for x in leaked]),
                  not leaked)
            check("%s: output bounded (%d bytes)" % (name, len(out)), len(out) < 4 * MiB)
            if rcpt:
                got = [r.get("recipient") for r in records]
                check("%s: the report's recipient %s is found (got %s)" % (name, rcpt, got), got == [rcpt])
            if bounded:
                check("%s: a note says where the reader stopped" % name, has_note(records, err))
    for f in failures:
        print("FAIL:", f)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
