#!/usr/bin/python3
"""Explain real SMTP session transcripts captured from a local scripted server.

Starts smtp_server.py (Debian's python3-aiosmtpd) on 127.0.0.1, drives it with swaks or with a
recording smtplib client, and feeds each captured transcript to smtpx as one argument
(`explain --json T`), on stdin (`explain --json -`, `--ndjson -`) and for human output. Asserts
the issue's rules: one answer per input; the deciding reply is the first 5xx, else the last 4xx,
else the last reply; code, enhanced, class, command and reason are right for it; `replies` lists
every server reply of the capture with the command it answered.

  test_transcripts.py --smtpx BIN --swaks BIN SCENARIO...     run scenarios (live captures)
  test_transcripts.py --smtpx BIN --samples DIR [NAME...]     check saved captures, no server needed
  test_transcripts.py --list                                  print scenario names
  ... --save-samples DIR                                      also write each capture to DIR/NAME.txt
"""
import argparse
import json
import os
import re
import selectors
import smtplib
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
from e2e import clean_env  # noqa: E402

SERVER = os.path.join(HERE, "smtp_server.py")
RUN_TIMEOUT = 20          # seconds for any one child; CTest kills the whole test at 30
SENDER = "alice@client.example"
HELO = "client.example"
DOMAIN = "test.example"


class Failure(Exception):
    pass


# ---------------------------------------------------------------- the server

class Server:
    """smtp_server.py as a context manager: the server dies with the block, whatever happens."""

    def __init__(self, python):
        self.python = python
        self.proc = None
        self.port = self.busy_port = None

    def __enter__(self):
        # stdin stays an open pipe: the server exits on its EOF if this process dies first.
        self.proc = subprocess.Popen([self.python, SERVER, "--lifetime", "28"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=10):
            self.__exit__(None, None, None)
            raise Failure("smtp_server.py printed no port within 10 s")
        line = self.proc.stdout.readline()
        try:
            ports = json.loads(line)
            self.port, self.busy_port = int(ports["port"]), int(ports["busy_port"])
        except (ValueError, KeyError, TypeError):
            self.__exit__(None, None, None)
            err = self.proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
            raise Failure("smtp_server.py did not start: " + (err[-1] if err else repr(line)))
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()
        return False


# ---------------------------------------------------------------- clients

def swaks_session(swaks, port, to, *extra, exit_code):
    """swaks' own output, stdout and stderr in the order written (its `***` errors go to stderr)."""
    cmd = [swaks, "--server", "127.0.0.1:%d" % port, "--to", to, "--from", SENDER, "--helo", HELO,
           "--timeout", "10", *extra]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=RUN_TIMEOUT, env=clean_env(LC_ALL="C"))
    out = proc.stdout.decode("utf-8", "replace")
    # swaks' exit status says at which stage it saw the failure: proof the server answered as scripted.
    if proc.returncode != exit_code:
        raise Failure("swaks exited %d, expected %d:\n%s" % (proc.returncode, exit_code, out))
    return out.rstrip("\n")


class _RecordingReader:
    """Wraps smtplib's socket file so every server line read is recorded as it came off the wire."""

    def __init__(self, raw, wire):
        self.raw, self.wire = raw, wire

    def readline(self, limit=-1):
        line = self.raw.readline(limit)
        if line:
            self.wire.append("S: " + line.decode("utf-8", "replace").rstrip("\r\n"))
        return line

    def close(self):
        self.raw.close()


class RecordingSMTP(smtplib.SMTP):
    """smtplib.SMTP that keeps a C:/S: transcript of the bytes actually sent and received."""

    def __init__(self, port):
        self.wire = []
        super().__init__("127.0.0.1", port, local_hostname=HELO, timeout=10)

    def send(self, s):
        data = s.encode("ascii") if isinstance(s, str) else s
        for line in data.split(b"\r\n")[:-1]:
            self.wire.append("C: " + line.decode("utf-8", "replace"))
        super().send(s)

    def getreply(self):
        if self.file is None:
            self.file = _RecordingReader(self.sock.makefile("rb"), self.wire)
        return super().getreply()

    def transcript(self):
        return "\n".join(self.wire)


def smtplib_vrfy(port):
    # swaks has no VRFY; end without QUIT so the 252 is the session's last reply and decides.
    s = RecordingSMTP(port)
    s.ehlo()
    code, _ = s.verify("postmaster@" + DOMAIN)
    s.close()
    if code != 252:
        raise Failure("VRFY answered %d, expected 252" % code)
    return s.transcript()


def smtplib_mail_without_brackets(port):
    # Every client library adds the angle brackets; docmd sends the line as a broken client would.
    s = RecordingSMTP(port)
    s.ehlo()
    code, _ = s.docmd("MAIL", "FROM:" + SENDER)
    s.quit()
    if code != 501:
        raise Failure("MAIL without brackets answered %d, expected 501" % code)
    return s.transcript()


def smtplib_data_without_rcpt(port):
    s = RecordingSMTP(port)
    s.ehlo()
    s.mail(SENDER)
    code, _ = s.docmd("DATA")
    s.quit()
    if code != 503:
        raise Failure("DATA without RCPT answered %d, expected 503" % code)
    return s.transcript()


# ---------------------------------------------------------------- scenarios
# expect: fields of the answer (the deciding reply); commands: the command of every reply, in order;
# reply_checks: (index into replies, field, value-or-regex) for non-deciding replies worth checking.

def rcpt(local):
    return local + "@" + DOMAIN


SCENARIOS = {
    "accepted": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("alice"), exit_code=0),
        expect=dict(code=221, enhanced=None, cls="positive-completion", command="QUIT", reason="accepted",
                    bounce="none"),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-DATA", "QUIT"],
        reply_checks=[(5, "code", 250), (5, "reason", "accepted"), (5, "enhanced", "2.0.0")]),
    "accepted-no-quit": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("alice"), "--drop-after", "DOT", exit_code=0),
        expect=dict(code=250, enhanced="2.0.0", cls="positive-completion", command="END-OF-DATA",
                    reason="accepted", bounce="none", retryable=False),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-DATA"]),
    "user-unknown": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("nosuchuser"), exit_code=24),
        expect=dict(code=550, enhanced="5.1.1", cls="permanent-negative", command="RCPT", reason="userunknown",
                    bounce="hard", retryable=False, recipient=rcpt("nosuchuser")),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "QUIT"]),
    "mixed-recipients": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("alice") + "," + rcpt("nosuchuser"), exit_code=0),
        expect=dict(code=550, enhanced="5.1.1", cls="permanent-negative", command="RCPT", reason="userunknown"),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "RCPT", "DATA", "END-OF-DATA", "QUIT"],
        reply_checks=[(3, "code", 250), (6, "code", 250), (6, "reason", "accepted")]),
    "greylisted": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("greylisted"), exit_code=24),
        expect=dict(code=450, enhanced="4.2.0", cls="transient-negative", command="RCPT", reason="speeding",
                    retryable=True, bounce="soft"),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "QUIT"]),
    "rate-limited": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("ratelimited"), exit_code=24),
        expect=dict(code=450, enhanced="4.2.1", cls="transient-negative", command="RCPT", reason="speeding",
                    retryable=True, provider="gmail",
                    reply_text=re.compile(r"^The user .* receiving mail too quickly\. Please resend .* - gsmtp$")),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "QUIT"]),
    "closing-at-rcpt": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("overloaded"), exit_code=24),
        expect=dict(code=421, enhanced="4.7.0", cls="transient-negative", command="RCPT", reason="toomanyconn",
                    retryable=True),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT"]),
    "busy-greeting": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.busy_port, rcpt("alice"), exit_code=21),
        expect=dict(code=421, enhanced="4.7.0", cls="transient-negative", command="CONNECT",
                    reason="toomanyconn", retryable=True),
        commands=["CONNECT"]),
    "bad-sender-syntax": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("alice"), "--from", "alice..@@client.example",
                                              exit_code=23),
        expect=dict(code=501, enhanced="5.1.7", cls="permanent-negative", command="MAIL", reason="syntaxerror",
                    retryable=False),
        commands=["CONNECT", "EHLO", "MAIL", "QUIT"]),
    "pipelined-no-recipient": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("nosuchuser"), "--pipeline", exit_code=24),
        expect=dict(code=550, enhanced="5.1.1", cls="permanent-negative", command="RCPT", reason="userunknown"),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "QUIT"],
        reply_checks=[(4, "code", 503), (4, "description", re.compile(r"no valid recipient", re.I))]),
    "message-too-big": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("toobig"), exit_code=26),
        expect=dict(code=552, enhanced="5.3.4", cls="permanent-negative", command="END-OF-DATA",
                    reason="mesgtoobig", retryable=False),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-DATA", "QUIT"]),
    "content-rejected": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("spamcheck"), exit_code=26),
        expect=dict(code=554, enhanced="5.7.1", cls="permanent-negative", command="END-OF-DATA",
                    reason="spamdetected", retryable=False),
        commands=["CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-DATA", "QUIT"]),
    "auth-failed": dict(
        capture=lambda srv, sw: swaks_session(sw, srv.port, rcpt("alice"), "--auth", "LOGIN", "--auth-user", "alice",
                                              "--auth-password", "wrong", exit_code=28),
        expect=dict(code=535, enhanced="5.7.8", cls="permanent-negative", command="AUTH", reason="securityerror",
                    retryable=False),
        commands=["CONNECT", "EHLO", "AUTH", "AUTH", "AUTH", "QUIT"],
        reply_checks=[(2, "code", 334), (2, "class", "positive-intermediate")]),
    "vrfy": dict(
        capture=lambda srv, sw: smtplib_vrfy(srv.port),
        expect=dict(code=252, enhanced="2.1.5", cls="positive-completion", command="VRFY", reason="accepted",
                    bounce="none"),
        commands=["CONNECT", "EHLO", "VRFY"]),
    "mail-without-brackets": dict(
        capture=lambda srv, sw: smtplib_mail_without_brackets(srv.port),
        expect=dict(code=501, enhanced="5.5.4", cls="permanent-negative", command="MAIL", reason="syntaxerror",
                    retryable=False),
        commands=["CONNECT", "EHLO", "MAIL", "QUIT"]),
    "data-without-rcpt": dict(
        capture=lambda srv, sw: smtplib_data_without_rcpt(srv.port),
        expect=dict(code=503, enhanced="5.5.1", cls="permanent-negative", command="DATA", reason="syntaxerror",
                    description=re.compile(r"no valid recipient", re.I)),
        commands=["CONNECT", "EHLO", "MAIL", "DATA", "QUIT"]),
}


# ---------------------------------------------------------------- checks

SERVER_LINE = re.compile(r"^(?:<~\*|<\*\*|<-|<~|S:)\s?\s*(\d{3})([ -]|$)")


def captured_codes(transcript):
    """The code of every server reply in the capture, read independently of smtpx."""
    codes = []
    for line in transcript.splitlines():
        m = SERVER_LINE.match(line)
        if m and m.group(2) != "-":
            codes.append(int(m.group(1)))
    return codes


def deciding_index(codes):
    for i, c in enumerate(codes):
        if 500 <= c <= 599:
            return i
    fours = [i for i, c in enumerate(codes) if 400 <= c <= 499]
    return fours[-1] if fours else len(codes) - 1


def run_smtpx(smtpx, args, stdin=None):
    proc = subprocess.run([smtpx, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=RUN_TIMEOUT, env=clean_env(NO_COLOR="1", LC_ALL="C.UTF-8"))
    if proc.returncode != 0:
        raise Failure("smtpx %s exited %d: %s" % (" ".join(args[:2]), proc.returncode,
                                                  proc.stderr.decode("utf-8", "replace").strip()))
    return proc.stdout.decode("utf-8")


def check_field(errors, where, obj, field, want):
    key = "class" if field == "cls" else field
    got = obj.get(key, "<missing>")
    if isinstance(want, re.Pattern):
        ok = isinstance(got, str) and want.search(got) is not None
    else:
        ok = got == want
    if not ok:
        shown = got if not isinstance(got, str) or len(got) < 200 else got[:200] + "..."
        errors.append("%s: %s is %r, expected %r" % (where, key, shown,
                                                      want.pattern if isinstance(want, re.Pattern) else want))


def check_answer(errors, how, answer, spec, transcript):
    codes = captured_codes(transcript)
    replies = answer.get("replies", [])
    if not replies and len(codes) == 1:
        # An input with a single reply is answered by that reply alone, without a list.
        replies = [answer]
    got_codes = [r.get("code") for r in replies]
    if got_codes != codes:
        errors.append("%s: replies have codes %s, the capture has %s" % (how, got_codes, codes))
        return
    got_commands = [r.get("command") for r in replies]
    if got_commands != spec["commands"]:
        errors.append("%s: replies answer %s, expected %s" % (how, got_commands, spec["commands"]))
    decider = replies[deciding_index(codes)]
    for field in ("code", "enhanced", "class", "command", "reason"):
        if answer.get(field) != decider.get(field):
            errors.append("%s: answer's %s %r differs from its deciding reply's %r"
                          % (how, field, answer.get(field), decider.get(field)))
    for field, want in spec["expect"].items():
        check_field(errors, how, answer, field, want)
    for index, field, want in spec.get("reply_checks", []):
        check_field(errors, "%s replies[%d]" % (how, index), replies[index], field, want)


def check_transcript(smtpx, name, spec, transcript):
    """Every way of handing smtpx the capture must give one answer, and the right one."""
    errors = []
    data = (transcript + "\n").encode("utf-8")
    forms = [("argument --json", lambda: json.loads(run_smtpx(smtpx, ["explain", "--json", transcript]))),
             ("stdin --json", lambda: json.loads(run_smtpx(smtpx, ["explain", "--json", "-"], data))),
             ("stdin --ndjson", lambda: [json.loads(l) for l in
                                         run_smtpx(smtpx, ["explain", "--ndjson", "-"], data).splitlines() if l])]
    for how, run in forms:
        answers = run()
        if not isinstance(answers, list) or len(answers) != 1:
            errors.append("%s: %d answers, expected one for one transcript" %
                          (how, len(answers) if isinstance(answers, list) else -1))
            continue
        check_answer(errors, how, answers[0], spec, transcript)
    human = run_smtpx(smtpx, ["explain", transcript])
    want = spec["expect"]
    if not re.search(r"^%d\b" % want["code"], human, re.M):
        errors.append("human: the code %d does not head the output" % want["code"])
    if not re.search(r"Command:\s*%s\b" % re.escape(want["command"]), human):
        errors.append("human: does not name the command %s" % want["command"])
    if errors:
        raise Failure("%s:\n  %s\n--- transcript ---\n%s" % (name, "\n  ".join(errors), transcript))


# ---------------------------------------------------------------- main

def has_aiosmtpd(python):
    try:
        proc = subprocess.run([python, "-c", "import aiosmtpd"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=RUN_TIMEOUT)
    except OSError:
        return False
    return proc.returncode == 0


def main():
    ap = argparse.ArgumentParser(description="Explain real SMTP transcripts captured from a local server.")
    ap.add_argument("--smtpx", help="the built smtpx binary")
    ap.add_argument("--swaks", help="swaks (Debian package swaks)")
    ap.add_argument("--python", default=sys.executable, help="Python that has aiosmtpd (Debian's /usr/bin/python3)")
    ap.add_argument("--samples", help="check the saved captures DIR/NAME.txt instead of capturing")
    ap.add_argument("--save-samples", help="write each capture to DIR/NAME.txt")
    ap.add_argument("--list", action="store_true", help="print the scenario names and exit")
    ap.add_argument("scenarios", nargs="*", help="scenarios to run (default: all)")
    args = ap.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    names = args.scenarios or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or not args.smtpx:
        ap.error("unknown scenario %s" % ", ".join(unknown) if unknown else "--smtpx is required")

    failures = passed = 0
    try:
        if args.samples:
            files = [n + ".txt" for n in args.scenarios] or sorted(f for f in os.listdir(args.samples)
                                                                     if f.endswith(".txt"))
            if not files:
                raise Failure("no samples in " + args.samples)
            for f in files:
                name = f[:-4]
                if name not in SCENARIOS:
                    raise Failure("sample %s names no scenario" % f)
                with open(os.path.join(args.samples, f), encoding="utf-8") as fh:
                    transcript = fh.read().rstrip("\n")
                try:
                    check_transcript(args.smtpx, name, SCENARIOS[name], transcript)
                    passed += 1
                except Failure as e:
                    failures += 1
                    print("FAIL", e, file=sys.stderr)
        else:
            missing = [] if args.swaks and os.access(args.swaks, os.X_OK) else ["swaks"]
            if not has_aiosmtpd(args.python):
                missing.append("python3-aiosmtpd")
            if missing:
                raise Failure("%s: install the Debian package(s): apt-get install %s"
                              % ("swaks not found" if missing[0] == "swaks" else
                                 "%s cannot import aiosmtpd" % args.python, " ".join(missing)))
            with Server(args.python) as srv:
                for name in names:
                    try:
                        transcript = SCENARIOS[name]["capture"](srv, args.swaks)
                        if args.save_samples:
                            with open(os.path.join(args.save_samples, name + ".txt"), "w", encoding="utf-8") as fh:
                                fh.write(transcript + "\n")
                        check_transcript(args.smtpx, name, SCENARIOS[name], transcript)
                        passed += 1
                    except (Failure, OSError, smtplib.SMTPException, subprocess.TimeoutExpired) as e:
                        failures += 1
                        print("FAIL %s: %s" % (name, e), file=sys.stderr)
    except Failure as e:
        print("FAIL", e, file=sys.stderr)
        return 1
    print("transcripts: %d passed, %d failed" % (passed, failures))
    return 1 if failures or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
