#!/usr/bin/env python3
"""The subcommand table end to end (issue 11): did-you-mean for a misspelt command, the global
options before or after the subcommand, and the hint for a file named where a reply was expected."""
import json
import os
import sys
import tempfile

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

# A misspelt command is a usage error naming the command meant, unless the word is an input.
for typo, meant in [("explian", "explain"), ("stast", "stats"), ("compair", "compare"), ("serach", "search"),
                    ("lsit", "list"), ("EXPLAIN", "explain"), ("chek", "kb check")]:
    p = run(typo, "550")
    err = p.stderr.decode().splitlines()
    check(f"{typo}: exit {p.returncode}, want 2", p.returncode == 2)
    check(f"{typo}: first line {err[:1]}",
          err[:1] == [f"smtpx: error: unknown command '{typo}'; did you mean '{meant}'?"])
    check(f"{typo}: usage hint {err[1:]}", err[1:] == ["Run 'smtpx --help' for usage."])
    check(f"{typo}: nothing on stdout", p.stdout == b"")
p = run("--lang", "zh", "explian")
check(f"zh did-you-mean: {p.stderr.decode()!r}", p.returncode == 2 and "explain" in p.stderr.decode() and "未知命令" in p.stderr.decode())

# No subcommand still means explain; an understood word is never taken for a typo.
for args in (["550"], ["5.1.1"], ["user unknown"], ["list", "4xx"], ["explain", "550"]):
    p = run(*args)
    check(f"{args}: exit {p.returncode}, want 0", p.returncode == 0 and p.stdout)
# Named explicitly, the word is an input: not understood (1), not a usage error (2).
p = run("explain", "explian")
check(f"explain explian: exit {p.returncode}, want 1", p.returncode == 1 and "did you mean" not in p.stderr.decode())
p = run("xyzzy")
check(f"xyzzy: exit {p.returncode}, want 1", p.returncode == 1 and "did you mean" not in p.stderr.decode())

# Global options work before and after the subcommand, with the same output.
REPLY = b"550 5.1.1 <a@example.com>: Recipient address rejected: User unknown\n"
pairs = [
    (["--ndjson", "explain", "-"], ["explain", "--ndjson", "-"]),
    (["--ndjson", "--fields", "reason,code", "explain", "-"], ["explain", "-", "--ndjson", "--fields", "reason,code"]),
    (["--json", "explain", "-"], ["explain", "--json", "-"]),
    (["--why", "explain", "-"], ["explain", "--why", "-"]),
    (["--long", "explain", "-"], ["explain", "--long", "-"]),
    (["--long", "-"], ["-", "--long"]),
    (["--ndjson", "mail", "-"], ["mail", "--ndjson", "-"]),
    (["--width", "40", "list", "4xx"], ["list", "4xx", "--width", "40"]),
    (["--json", "compare", "550", "552"], ["compare", "550", "552", "--json"]),
]
for before, after in pairs:
    a, b = run(*before, stdin=REPLY), run(*after, stdin=REPLY)
    check(f"{before}: exit {a.returncode} / {after}: exit {b.returncode}", a.returncode == b.returncode)
    check(f"{before} and {after}: same output", a.stdout == b.stdout and a.stdout)
p = run("--ndjson", "--fields", "reason,code", "explain", "-", stdin=REPLY)
check(f"--fields before: {p.stdout!r}", p.stdout.strip() == b'{"reason":"userunknown","code":550}')
# --why and --long add sections to the human answer.
plain, why, long_ = (run(*a, "550 5.1.1 User unknown").stdout for a in ([], ["--why"], ["--long"]))
check("--why adds to the answer", len(why) > len(plain))
check("--long adds to the answer", len(long_) >= len(plain))

# A file named where a reply was expected: the error says which command reads it; exit 1.
with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "mail.log")
    with open(log, "w") as f:
        f.write("Dec  3 01:02:03 mx postfix/smtp[123]: ABC123: to=<a@example.com>, relay=none, status=deferred\n")
    eml = os.path.join(tmp, "bounce.eml")
    with open(eml, "w") as f:
        f.write("\nReturn-Path: <>\nFrom: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\n\nbody\n")
    mbox = os.path.join(tmp, "bounces")
    with open(mbox, "w") as f:
        f.write("From MAILER-DAEMON Thu Dec  3 01:02:03 2026\nSubject: x\n\nbody\n")
    maildir = os.path.join(tmp, "Maildir")
    os.mkdir(maildir)
    spaced = os.path.join(tmp, "my log")
    with open(spaced, "w") as f:
        f.write("2026-12-03T01:02:03+00:00 mx postfix/qmgr[1]: ABC: removed\n")
    for path, want in [(log, f"smtpx stats {log}"), (eml, f"smtpx mail {eml}"), (mbox, f"smtpx mail {mbox}"),
                       (maildir, f"smtpx mail {maildir}"), (spaced, f"smtpx stats '{spaced}'")]:
        for args in (["explain", path], [path]):
            p = run(*args)
            err = p.stderr.decode().splitlines()
            check(f"{args}: exit {p.returncode}, want 1", p.returncode == 1)
            check(f"{args}: one line suggesting {want!r}, got {err}", len(err) == 1 and err[0].endswith(want))
        p = run("--json", "explain", path)
        try:
            [answer] = json.loads(p.stdout.decode())
        except ValueError:
            answer = {}
        check(f"--json {path}: error has the hint: {answer.get('error')!r}", want in (answer.get("error") or ""))
        check(f"--json {path}: exit {p.returncode}", p.returncode == 1)
    # A file whose name is an understood input is answered, not hinted at.
    p = run("550")
    check("550 still answered", p.returncode == 0)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
