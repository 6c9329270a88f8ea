#!/usr/bin/env python3
"""End-to-end `smtpx mail`: mbox, Maildir, .gz, stdin, --all, not-a-bounce exit 1, JSON fields, errors."""
import gzip, json, os, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import harness

MAILS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mail")
FIELDS = ["file", "message", "kind", "action", "status", "reporting_mta", "date", "original", "note",
          "input", "code", "enhanced", "reason", "recipient", "remote_host", "reply_text", "delivery_status"]


def mail(name):
    with open(os.path.join(MAILS, name), "rb") as f:
        return f.read()


def check_formats(run, check):
    """Each MTA's or provider's own bounce layout (tests/mail/formats, synthetic mails written after the
    format's documented shape): the recipient, reason and codes a reader of that format finds, listed
    in formats/expected.jsonl per recipient (only the fields given there are compared)."""
    formats = os.path.join(MAILS, "formats")
    for line in open(os.path.join(formats, "expected.jsonl")):
        want = json.loads(line)
        got = json.loads(run("mail", "--json", os.path.join(formats, want["file"])).stdout or b"[]")
        check(f"formats/{want['file']}: {len(want['recipients'])} recipient(s), got {len(got)}",
              len(got) == len(want["recipients"]))
        for i, (w, h) in enumerate(zip(want["recipients"], got)):
            for k, v in w.items():
                check(f"formats/{want['file']} #{i} {k}: want {v!r}, got {h.get(k)!r}", h.get(k) == v)


def main():
    exe = sys.argv[1]
    env, run, check, failures = harness(exe)
    tmp = tempfile.mkdtemp(prefix="smtpx-mail-")
    try:
        # An mbox of three messages: two bounces around an ordinary message.
        box = os.path.join(tmp, "box")
        with open(box, "wb") as f:
            for i, name in enumerate(["exim-plain.eml", "ordinary.eml", "qmail-plain.eml"]):
                f.write(b"From MAILER-DAEMON Mon Dec  1 00:00:0%d 2026\n" % i + mail(name) + b"\n")
        p = run("mail", "--json", box)
        recs = json.loads(p.stdout)
        check("mbox exit 0", p.returncode == 0)
        check("mbox leaves the ordinary message out", [r["message"] for r in recs] == [1, 3])
        check("mbox file as given", all(r["file"] == box for r in recs))
        check("every field present", all(all(k in r for k in FIELDS) for r in recs))
        p = run("mail", "--json", "--all", box)
        recs = json.loads(p.stdout)
        check("--all keeps it", [r["message"] for r in recs] == [1, 2, 3] and recs[1]["kind"] == "not-a-bounce"
              and recs[1]["reason"] is None and recs[1]["note"])

        # A Maildir and a gzip-compressed message.
        md = os.path.join(tmp, "Maildir")
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(md, sub))
        shutil.copy(os.path.join(MAILS, "postfix-dsn-two-recipients.eml"), os.path.join(md, "cur", "1.host:2,S"))
        shutil.copy(os.path.join(MAILS, "vacation.eml"), os.path.join(md, "new", "2.host"))
        recs = json.loads(run("mail", "--json", md).stdout)
        check("Maildir: two recipients then the vacation reply",
              [(r["recipient"], r["reason"]) for r in recs] ==
              [("bob@example.org", "userunknown"), ("carol@example.org", "mailboxfull"), ("frank@example.org", "vacation")])
        check("Maildir message null", all(r["message"] is None for r in recs))
        gz = os.path.join(tmp, "bounce.gz")
        with gzip.open(gz, "wb") as f:
            f.write(mail("qmail-plain.eml"))
        recs = json.loads(run("mail", "--json", gz).stdout)
        check("gzip by magic bytes", len(recs) == 1 and recs[0]["enhanced"] == "5.1.1" and recs[0]["kind"] == "plain-bounce")

        # stdin, NDJSON, the fields of a DSN answer.
        p = run("mail", "--ndjson", "-", stdin=mail("postfix-dsn-two-recipients.eml"))
        lines = [json.loads(l) for l in p.stdout.decode().splitlines()]
        check("ndjson one line per recipient", len(lines) == 2)
        r = lines[0]
        check("dsn fields", (r["file"], r["message"], r["kind"], r["action"], r["status"], r["reporting_mta"], r["date"]) ==
              ("-", None, "dsn", "failed", "5.1.1", "mx1.example.net", "2026-12-01T10:00:05+00:00"))
        check("original", r["original"] == {"message_id": "msg-1@example.net", "from": "alice@example.net",
                                            "to": "bob@example.org, carol@example.org", "subject": "Grüße"})
        check("input is the diagnostic, not the mail", r["input"].startswith("550 5.1.1") and "DKIM" not in r["input"])
        check("feedback report", json.loads(run("mail", "--json", os.path.join(MAILS, "arf.eml")).stdout)[0]["reason"] == "feedback")

        # A single file that is not a bounce: a record and exit 1; an unreadable path: one line naming it.
        p = run("mail", "--json", os.path.join(MAILS, "ordinary.eml"))
        check("not a bounce exits 1", p.returncode == 1 and json.loads(p.stdout)[0]["kind"] == "not-a-bounce")
        missing = os.path.join(tmp, "missing.eml")
        p = run("mail", missing, os.path.join(MAILS, "exim-plain.eml"))
        err = p.stderr.decode()
        check("unreadable path: exit 1, named, others still read",
              p.returncode == 1 and missing in err and len(err.strip().splitlines()) == 1 and b"dave@example.com" in p.stdout)

        # explain reads a whole mail on stdin through the same reader: the deciding recipient, the others in replies.
        d = json.loads(run("explain", "--json", "-", stdin=mail("postfix-dsn-two-recipients.eml")).stdout)
        check("explain whole mail", len(d) == 1 and d[0]["recipient"] == "bob@example.org" and d[0]["reason"] == "userunknown"
              and [(r["code"], r["reason"]) for r in d[0]["replies"]] == [(550, "userunknown"), (552, "mailboxfull")])

        # --redact reaches the mail record: no address or host of the mail is left in it.
        raw = run("mail", "--json", "--redact", os.path.join(MAILS, "postfix-dsn-two-recipients.eml")).stdout.decode()
        check("--redact covers the mail record", all(x not in raw for x in ("alice@example.net", "bob@example.org",
              "mx1.example.net", "msg-1@example.net", "mx.example.org")))

        # Human view: one short block per recipient, never the raw mail.
        out = run("mail", os.path.join(MAILS, "postfix-dsn-two-recipients.eml")).stdout.decode()
        check("human blocks", "bob@example.org" in out and "carol@example.org" in out and "DKIM-Signature" not in out
              and "This is the mail system" not in out)

        # Messages are read on one thread and answered on another: a long mailbox, an unreadable path
        # and a single file still come out in the order given, each answer the one the message gets alone.
        names = sorted(n for n in os.listdir(MAILS) if n.endswith(".eml"))
        big = os.path.join(tmp, "big")
        with open(big, "wb") as f:
            for i in range(40):
                for name in names:
                    f.write(b"From MAILER-DAEMON Mon Dec  1 00:00:00 2026\n" + mail(name) + b"\n")
        alone = {}
        for name in names:
            alone[name] = [json.loads(l) for l in run("mail", "--ndjson", "--all", os.path.join(MAILS, name)).stdout.splitlines()]
        p = run("mail", "--ndjson", "--all", big, missing, os.path.join(MAILS, "exim-plain.eml"))
        got = [json.loads(l) for l in p.stdout.splitlines()]
        strip = lambda r: {k: v for k, v in r.items() if k not in ("file", "message")}
        expected = [strip(r) for i in range(40) for name in names for r in alone[name]] + [strip(r) for r in alone["exim-plain.eml"]]
        check("mailbox order kept across the two stages", [strip(r) for r in got] == expected)
        check("mailbox positions in order", [r["message"] for r in got if r["file"] == big] ==
              [i * len(names) + k + 1 for i in range(40) for k, name in enumerate(names) for _ in alone[name]])
        check("unreadable path among others: exit 1, one error line", p.returncode == 1 and
              len(p.stderr.decode().strip().splitlines()) == 1 and missing in p.stderr.decode())
        check_formats(run, check)
    finally:
        shutil.rmtree(tmp)
    for f in failures:
        print("FAIL:", f)
    print(f"{'FAILED' if failures else 'ok'}: test_mail")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
