#!/usr/bin/env python3
"""Regenerate the checked-in seed corpora (fuzz/corpus/<target>/) from the tests and the knowledge base.

Kept small on purpose (a few hundred files): libFuzzer grows its own corpus from these in a temp dir.
Run from anywhere: python3 fuzz/make_seeds.py
"""
import glob, hashlib, json, os, shutil

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "fuzz", "corpus")

def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    # Content-named, as libFuzzer names its files, so regenerating is idempotent.
    open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb").write(data)

for t in ("fuzz_reply", "fuzz_log_line", "fuzz_kb_load", "fuzz_mail"):
    shutil.rmtree(os.path.join(out, t), ignore_errors=True)

# --- replies: every 4th labelled corpus input, CLI case arguments, the contract's odd inputs ---------
corpus = []
for f in sorted(glob.glob(os.path.join(root, "tests", "corpus", "*.jsonl"))):
    corpus += [json.loads(l)["input"] for l in open(f, encoding="utf-8") if l.strip()]
for s in corpus[::4]:
    write("fuzz_reply", s)
for f in sorted(glob.glob(os.path.join(root, "tests", "cli", "cases", "*.args"))):
    for a in open(f, encoding="utf-8").read().split("\n"):
        if a and a not in ("explain", "list", "compare", "kb", "check"):
            write("fuzz_reply", a)
for s in ["550", "5.7.1", "55", "999", "6.1.1", "5.99999.1", "550 5.1.1", "571", "5.7.515", "250 2.0.0 Ok",
          "550-5.7.1 first part\n550-5.7.1 second part\n550 5.7.1 last part",
          "550 \x1b]0;pwned\x07 5.1.1 user unknown", b"550 5.7.1 bad \xff\xfe\xc3 bytes =?utf-8?B?/w==?=",
          b"550 5.1.1 user\0unknown", "S: 220 mx\nC: RCPT TO:<a@example.com>\nS: 550 5.1.1 no",
          "=== Trying mx.example.com:25...\n<-  220 hi\n -> QUIT\n\n<-  221 bye",
          "Return-Path: <>\nFrom: MAILER-DAEMON@example.org\n\nAction: failed\nStatus: 5.1.1\n\n"
          "Diagnostic-Code: smtp; 550 5.1.1 no such user",
          "Action: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552-5.2.2 over\n    quota",
          "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'",
          "#< #5.1.1 smtp;550 5.1.1 user unknown>",
          "SMTP error from remote mail server after RCPT TO:<a@b>: host h [192.0.2.1]: 550 no such user"]:
    write("fuzz_reply", s)

# --- log lines: the corpus inputs that are log lines, plus mixed streams ------------------------------
logs = [s for s in corpus if "postfix/" in s or "sendmail[" in s or " ** " in s or " == " in s or "exim" in s]
for s in logs[::3]:
    write("fuzz_log_line", s)
stream = [
    "Nov 29 10:00:01 mx postfix/smtpd[1]: connect from unknown[203.0.113.1]",
    "Nov 29 10:00:01 mx postfix/smtp[1]: AAAAA1: to=<a@example.com>, relay=h[192.0.2.1]:25, dsn=5.1.1, "
    "status=bounced (host h[192.0.2.1] said: 550 5.1.1 no (in reply to RCPT TO command))",
    "2026-11-29 10:00:01 1abcDE-000123-AB ** b@example.net: Unrouteable address",
    "2026-11-29T10:00:01.123456+00:00 mail postfix/smtpd[77]: NOQUEUE: reject: RCPT from x[1.2.3.4]: "
    "554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using zen.spamhaus.org",
    "Nov 29 10:00:01 mx sendmail[1]: 4ATA01a1000123: to=<b@example.net>, mailer=esmtp, dsn=5.1.1, stat=User unknown",
    "550-5.7.1 first part", "550 5.7.1 last part", "", "Action: failed", "Status: 5.2.2",
    "Diagnostic-Code: smtp; 552-5.2.2 over", "    quota", "just some words",
]
write("fuzz_log_line", "\n".join(stream))
write("fuzz_log_line", "\r\n".join(stream) + "\r\n")
write("fuzz_log_line", "=== Trying mx.example.com:25...\n<-  220 hi\n -> RCPT TO:<a@b>\n<-  550 5.1.1 no\n -> QUIT\n")
write("fuzz_log_line", "S: 220 mx\nC: RCPT TO:<a@example.com>\nS: 550 5.1.1 no")

# --- knowledge base: two entries of each file kind (whole files are too big to mutate well) -----------
kb = os.path.join(root, "share", "smtpx", "kb")
for f in sorted(glob.glob(os.path.join(kb, "**", "*.json"), recursive=True)):
    doc = json.load(open(f, encoding="utf-8"))
    for key in ("entries", "rules", "classes", "subjects", "basic_classes", "categories"):
        if isinstance(doc.get(key), list):
            doc[key] = doc[key][:2]
    if doc.get("kind") == "patterns" and not doc.get("rules"):
        continue
    write("fuzz_kb_load", json.dumps(doc, ensure_ascii=False, indent=1))
for s in ['{"kind": "codes", "entries": [ {"code": 1}, ]}', '{"kind": "patterns", "rules": [{"id": "x.y", "pattern": "(a"}]}',
          '{"kind": "codes", "entries": [{"code": "550"}, {"code": 550}, {"code": 550}]}', '{"kind": 5}', "[]", "{}", ""]:
    write("fuzz_kb_load", s)

# --- whole mails: small hand-written shapes of each kind, and the bounces real MTAs made (tests/mta/) --
H = "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: a@example.com\nSubject: {s}\nMIME-Version: 1.0\n"
DS = ("Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; b@example.org\nAction: failed\n"
      "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <b@example.org>: no such user\n    (folded)\n\n"
      "Final-Recipient: rfc822; c@example.org\nAction: delayed\nStatus: 4.4.1\nWill-Retry-Until: x\n")
report = (H.format(s="Undelivered Mail") + 'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
          "--b1\nContent-Type: text/plain\n\n<b@example.org>: host h[192.0.2.1] said: 550 5.1.1 no\n\n"
          "--b1\nContent-Type: message/delivery-status\n\n" + DS + "\n--b1\nContent-Type: text/rfc822-headers\n\n"
          "From: a@example.com\nTo: b@example.org\nSubject: hi\nMessage-ID: <1@example.com>\n\n--b1--\n")
mail_seeds = [
    report, report.replace("\n", "\r\n"), report.replace("\n", "\r"), report[: len(report) // 2],
    report.replace('"b1"', '"b2"'),  # a boundary that never comes
    H.format(s="failure notice") + "\nHi. This is the qmail-send program at mx.example.net.\n\n"
    "<b@example.org>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 unknown\n\n"
    "--- Below this line is a copy of the message.\n\nReturn-Path: <a@example.com>\nSubject: x\n",
    H.format(s="Mail delivery failed: returning message to sender") + "\nThis message was created automatically by "
    "mail delivery software.\n\n  b@example.org\n    SMTP error from remote mail server after RCPT TO:<b@example.org>:\n"
    "    550 5.1.1 User unknown\n\n------ This is a copy of the message, including all the headers. ------\n",
    H.format(s="=?ISO-2022-JP?B?GyRCJTUlcyVXJWsbKEI=?=") + "Content-Type: text/plain; charset=iso-2022-jp\n"
    "Content-Transfer-Encoding: base64\n\nGyRCJTUlcyVXJWsbKEI=\n!!bad base64==\n",
    H.format(s="=?utf-8?Q?caf=C3=A9?=") + "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n\n550 5.2.2 mailbox =\nfull =C3=A9=XZ\n",
    H.format(s="abuse report") + 'Content-Type: multipart/report; report-type=feedback-report; boundary="f"\n\n'
    "--f\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: x/1\nVersion: 1\n\n--f--\n",
    "From: b@example.org\nTo: a@example.com\nSubject: Out of office\nAuto-Submitted: auto-replied\n\nAway until Monday.\n",
    "From: news@example.com\nTo: a@example.com\nSubject: Weekly news\n\nHello.\n",
    H.format(s="nested") + 'Content-Type: multipart/mixed; boundary="n0"\n\n' +
    "".join('--n%d\nContent-Type: multipart/mixed; boundary="n%d"\n\n' % (i, i + 1) for i in range(30)) +
    "--n30\nContent-Type: message/delivery-status\n\n" + DS,
    "From MAILER-DAEMON Thu Jan  1 00:00:00 2009\n" + report, "", "\n\n", "Subject: x",
    b"From: \xff\xfe\nContent-Type: multipart/report; boundary=\n\n--\n\x00\x1b[31m\n",
]
for m in mail_seeds:
    write("fuzz_mail", m)
for f in sorted(glob.glob(os.path.join(root, "tests", "mta", "captured", "*.eml"))):
    write("fuzz_mail", open(f, "rb").read())

for t in ("fuzz_reply", "fuzz_log_line", "fuzz_kb_load", "fuzz_mail"):
    files = os.listdir(os.path.join(out, t))
    print(t, len(files), "files,", sum(os.path.getsize(os.path.join(out, t, f)) for f in files), "bytes")
