#!/usr/bin/env python3
"""Hostile input against the built binary (issue 5, "Must hold"): random and invalid bytes, huge lines,
terminal escapes, impossible codes, bad options, closed pipes and broken knowledge-base overlays.

test_contract.py covers the JSON keys, a single 999, "--bogus\\x1b[31m" and one broken overlay's
file:line; this file covers the rest. Standard library only. Usage: test_hostile.py PATH/TO/smtpx
"""
import json, os, random, re, subprocess, sys, tempfile, threading, time

exe = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import clean_env  # noqa: E402

env = clean_env(NO_COLOR="1", COLUMNS="100", LANG="C")
env.pop("SMTPX_KB", None)
failures = []
MiB = 1024 * 1024


def check(what, ok, detail=""):
    if not ok:
        failures.append(what + (f" ({detail})" if detail else ""))


def run(*args, stdin=b"", env_=None, timeout=60):
    """Run to completion; stdin is bytes or an open file. Returns (status, stdout, stderr, peak RSS bytes, secs).

    os.wait4 gives this child's own peak RSS, which subprocess.run cannot."""
    start = time.monotonic()
    p = subprocess.Popen([exe, *args], stdin=stdin if hasattr(stdin, "fileno") else subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_ or env)
    out, err = [], []
    def feed():
        try:
            if callable(stdin):   # a writer, so a huge input never sits in this process's memory
                stdin(p.stdin)
            else:
                p.stdin.write(stdin)
            p.stdin.close()
        except (BrokenPipeError, OSError):
            pass
    threads = [threading.Thread(target=lambda: out.append(p.stdout.read())),
               threading.Thread(target=lambda: err.append(p.stderr.read()))]
    if p.stdin:
        threads.append(threading.Thread(target=feed))
    for t in threads:
        t.start()
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    _, status, usage = os.wait4(p.pid, 0)
    killer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join()
    return p.returncode, out[0], err[0], usage.ru_maxrss * 1024, time.monotonic() - start


# --- what may never appear ---------------------------------------------------------------------------
def raw_controls(data):
    """The raw control characters in terminal output (C0 but TAB and LF, DEL, C1 such as the 8-bit CSI
    U+009B) and the bytes that are not UTF-8 (a terminal may take a lone 0x9b as CSI); None when clean."""
    text = data.decode("utf-8", "surrogateescape")
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f
           or 0xdc80 <= ord(c) <= 0xdcff]
    return bad or None


def clean_terminal_output(what, status, out, err):
    check(f"{what}: no crash", status >= 0, f"killed by signal {-status}")
    check(f"{what}: stdout has no raw control bytes", raw_controls(out) is None, repr(raw_controls(out))[:80])
    check(f"{what}: stderr has no raw control bytes", raw_controls(err) is None, repr(raw_controls(err))[:80])
    try:
        out.decode("utf-8")
        err.decode("utf-8")
    except UnicodeDecodeError as e:
        check(f"{what}: human output is valid UTF-8", False, str(e))


def valid_json(what, status, out, ndjson=False):
    check(f"{what}: no crash", status >= 0, f"killed by signal {-status}")
    try:
        text = out.decode("utf-8")   # strict: invalid bytes must have been replaced or escaped
        docs = [json.loads(l) for l in text.splitlines() if l] if ndjson else [json.loads(text)]
    except (UnicodeDecodeError, ValueError) as e:
        check(f"{what}: --json is valid UTF-8 JSON", False, str(e)[:120])
        return None
    return docs if ndjson else docs[0]


def error_lines(err):
    return [l for l in err.decode("utf-8", "replace").split("\n") if l]


# --- random bytes, NUL bytes, invalid UTF-8, CR/LF mixes, empty input ----------------------------------
rng = random.Random(5)
hostile_stdin = {
    "random bytes": bytes(rng.randrange(256) for _ in range(64 * 1024)),
    "random printable-ish lines": b"\n".join(bytes(rng.choice(b"0123456789. -5.1.4xX\x1b\x9b\xc2\r\t\x00abc")
                                                   for _ in range(rng.randrange(1, 120))) for _ in range(500)),
    "NUL bytes": b"550 5.1.1 user\x00unknown\n\x00\x00\x00\n421\x004.7.0 later\n" + b"\x00" * 4096,
    "invalid UTF-8": b"550 5.7.1 bad \xff\xfe\xc3 bytes\n"
                     b"554 5.7.1 overlong \xc0\xaf surrogate \xed\xa0\x80 cut \xe4\xb8\n"
                     b"450 4.2.0 trailing \xf0\x9f",
    "CR/LF mix": b"550 5.1.1 a\r\n421 4.7.0 b\r452 4.2.2 c\n\r\n250 2.0.0 ok\r\r\n\n\r",
    "terminal escapes": b"550 5.7.1 \x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\\n"
                        b"550 5.1.1 c1 csi \xc2\x9b31m osc \xc2\x9d0;x\xc2\x9c raw \x9b2J \x9d0;t\x07\n"
                        b"421 4.7.0 del \x7f bs \x08\x08\x08 cr \rOVERWRITE\n",
    "empty": b"",
    "only newlines": b"\n\r\n\n\n",
}
for name, data in hostile_stdin.items():
    status, out, err, _, secs = run("explain", "--json", stdin=data)
    doc = valid_json(f"stdin {name} --json", status, out)
    # Exit 1 exactly when some record was not understood (README, Exit status).
    want = 1 if doc and any(o.get("error") for o in doc) else 0
    check(f"stdin {name} --json: exit {want}", status == want, str(status))
    check(f"stdin {name} --json: an array", doc is None or isinstance(doc, list))
    check(f"stdin {name} --json: bounded time", secs < 30, f"{secs:.1f}s")
    status, out, err, _, _ = run("explain", "--ndjson", stdin=data)
    valid_json(f"stdin {name} --ndjson", status, out, ndjson=True)
    status, out, err, _, _ = run("explain", stdin=data)
    clean_terminal_output(f"stdin {name} (human)", status, out, err)
    status, out, err, _, _ = run("explain", "--why", "--lang", "zh", stdin=data)
    clean_terminal_output(f"stdin {name} (human, --why, zh)", status, out, err)

# The same records whatever the line terminator.
def codes(data):
    doc = json.loads(run("explain", "--json", stdin=data)[1])
    return [(o.get("code"), o.get("enhanced")) for o in doc]
lf = codes(b"550 5.1.1 a\n421 4.7.0 b\n452 4.2.2 c\n")
check("three LF-terminated replies give three records", len(lf) == 3, repr(lf))
check("CRLF gives the same records as LF", codes(b"550 5.1.1 a\r\n421 4.7.0 b\r\n452 4.2.2 c\r\n") == lf)
check("a missing final newline changes nothing", codes(b"550 5.1.1 a\n421 4.7.0 b\n452 4.2.2 c") == lf)
status, out, _, _, _ = run("explain", "--json", stdin=b"")
check("empty stdin gives an empty array", status >= 0 and json.loads(out) == [], repr(out[:40]))

# Hostile arguments (argv cannot hold NUL).
hostile_args = [b"550 5.7.1 \x1b[2J\x1b[H cleared", b"550 \x9b31m 5.1.1", b"5.7.1 \xc2\x9d0;title\x07",
                b"\x1b]52;c;cHduZWQ=\x07", b"550 5.1.1 \r\n 421 4.7.0", b"", b" ", b"\x7f\x08",
                bytes(rng.randrange(1, 256) for _ in range(300))]
for i, arg in enumerate(hostile_args):
    status, out, err, _, _ = run("explain", "--", arg)
    clean_terminal_output(f"argument #{i} (human)", status, out, err)
    jstatus, jout, _, _, _ = run("explain", "--json", "--", arg)
    want = 1 if any(o.get("error") for o in json.loads(jout)) else 0
    check(f"argument #{i}: exit {want}, as its JSON answer says", status == want and jstatus == want, str(status))
    status, out, err, _, _ = run("explain", "--json", "--", arg)
    doc = valid_json(f"argument #{i} --json", status, out)
    check(f"argument #{i} --json: one object", doc is None or (isinstance(doc, list) and len(doc) == 1))
    clean_terminal_output(f"argument #{i} --json stderr", status, b"", err)

# --- a single 64 MiB line, on a pipe and from a file -------------------------------------------------
# Peak RSS from wait4 includes what the child shared with this process before exec, so the 64 MiB is
# written in chunks and never held here.
head = b"550 5.1.1 <victim@example.com>: Recipient address rejected: "
def write_big(f):
    f.write(head)
    for _ in range(64):
        f.write(b"A" * MiB)
    f.write(b"\n")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "huge.log")
    with open(path, "wb") as f:
        write_big(f)
    for how in ("pipe", "file"):
        for mode in ([], ["--json"]):
            if how == "pipe":
                status, out, err, rss, secs = run("explain", *mode, stdin=write_big, timeout=120)
            else:
                with open(path, "rb") as f:
                    status, out, err, rss, secs = run("explain", *mode, "-", stdin=f, timeout=120)
            what = f"64 MiB line on a {how}{' --json' if mode else ''}"
            check(f"{what}: no crash, exit 0", status == 0, f"status {status}: {err[:200]!r}")
            check(f"{what}: bounded time", secs < 60, f"{secs:.1f}s")
            check(f"{what}: peak RSS under 200 MB", rss < 200 * MiB, f"{rss / MiB:.0f} MiB")
            print(f"{what}: {secs:.2f} s, peak RSS {rss / MiB:.0f} MiB, {len(out)} bytes out")
            check(f"{what}: output is bounded", len(out) < 4 * MiB, f"{len(out)} bytes")
            if mode:
                doc = valid_json(what, status, out)
                check(f"{what}: one record, the 550", doc is not None and len(doc) == 1 and doc[0]["code"] == 550)
                check(f"{what}: the input kept is cut to at most 64 KiB",
                      doc is not None and len(doc) == 1 and 0 < len(doc[0]["input"].encode()) <= 64 * 1024)
                check(f"{what}: a warning says only the start was read",
                      doc is not None and len(doc) == 1 and any("only its start was read" in w for w in doc[0]["warnings"]))
            else:
                clean_terminal_output(what, status, out, err)
                check(f"{what}: human output shows a truncation note", b"truncat" in out + err or b"only its start was read" in out + err)

# --- unknown and impossible codes --------------------------------------------------------------------
bad = ["999", "6.1.1", "5.99999.1", "55"]
status, out, err, _, _ = run("explain", "550", "999", "6.1.1", "421", "5.99999.1", "55", "5.7.1")
lines = error_lines(err)
check("impossible codes exit 1", status == 1, str(status))
check("one error line per impossible code", len(lines) == len(bad), repr(lines))
for code in bad:
    mine = [l for l in lines if f"'{code}'" in l]
    check(f"the error for {code} names it", len(mine) == 1, repr(lines))
    check(f"the error for {code} is an smtpx error line", all(l.startswith("smtpx: error: ") for l in mine))
for code in ("550", "421", "5.7.1"):
    check(f"{code} is still answered next to impossible codes", code.encode() in out)
status, out, err, _, _ = run("explain", "--json", "550", *bad, "5.7.1")
doc = valid_json("impossible codes --json", status, out)
if doc is not None:
    check("impossible codes --json: six records, in order", [o["input"] for o in doc] == ["550", *bad, "5.7.1"])
    check("impossible codes --json: four error objects",
          [bool(o.get("error")) for o in doc] == [False] + [True] * 4 + [False])
    check("impossible codes --json: exit 1", status == 1)
# Errors and tables that quote an argument escape it.
for args, want in ((["list", "4\x1b[31mxx"], 1), (["search", "\x1b]0;t\x07zzzq"], 1), (["explain", " 999\x9b"], None),
                   (["compare", "550", "9\x1b[2J"], None), (["compare", "550", "\x9b2J 421"], None)):
    status, out, err, _, _ = run(*args)
    clean_terminal_output(f"{args!r}", status, out, err)
    if want is not None:
        check(f"{args!r} exits {want}", status == want, str(status))
        check(f"{args!r}: one error line", len(error_lines(err)) == 1, repr(err))

# --- unknown options and bad option values: exit 2, one error line and a usage hint -------------------
for args in (["--nope"], ["explain", "--nope", "550"], ["list", "--nope"], ["-Z"], ["--width", "abc", "550"],
             ["--width", "5", "550"], ["--color", "purple", "550"], ["--lang", "xx", "550"],
             ["--color", "\x1b[31m", "550"], ["--lang", "\x9b6n"], ["explain", "--after\x1b]0;x\x07", "550"],
             [b"--\x9b2J"], ["compare"], ["kb"]):
    status, out, err, _, _ = run(*args)
    what = "options " + repr(args)
    lines = error_lines(err)
    check(f"{what}: exit 2", status == 2, f"{status}: {err[:200]!r}")
    check(f"{what}: nothing on stdout", out == b"", repr(out[:100]))
    check(f"{what}: an error line and a usage hint", len(lines) == 2 and lines[0].startswith("smtpx: error: ")
          and "--help" in lines[1], repr(lines))
    clean_terminal_output(what, status, out, err)

# --- closed pipes: `smtpx list | head -1` and friends print no error -----------------------------------
for args in (["list"], ["list", "--enhanced"], ["search", "e"], ["explain", *["550 5.1.1 user unknown"] * 2000]):
    with tempfile.NamedTemporaryFile() as errf:
        p = subprocess.run(["sh", "-c", '"$@" 2>"$ERR" | head -1', "sh", exe, *args],
                           capture_output=True, env=dict(env, ERR=errf.name), timeout=60)
        err = open(errf.name, "rb").read()
    check(f"{args[:2]} | head -1: prints one line", p.stdout.count(b"\n") == 1, repr(p.stdout[:80]))
    check(f"{args[:2]} | head -1: no error on stderr", err == b"", repr(err[:200]))

# The same with SIGPIPE ignored, as some supervisors leave it: the write fails with EPIPE instead of
# killing the process, and smtpx must still exit quietly.
import signal
for args in (["list", "--enhanced"], ["search", "e"]):
    r, w = os.pipe()
    os.close(r)   # the reader is gone before the first write: every write fails with EPIPE
    p = subprocess.Popen([exe, *args], stdout=w, stderr=subprocess.PIPE, env=env,
                         preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
    os.close(w)
    _, err = p.communicate(timeout=60)
    check(f"{args} into a closed pipe with SIGPIPE ignored: exit 0, nothing on stderr",
          p.returncode == 0 and err == b"", f"exit {p.returncode}, {err[:200]!r}")

# --- broken knowledge-base overlays: exit 3, every error in one run, file + line or JSON pointer -------
entry = {"code": 550, "title": "Site text", "class": "permanent-negative", "status": "standard", "summary": "s",
         "description": "d", "when": "w", "fix": "f", "commands": ["RCPT"], "reason": "undefined",
         "retryable": False, "actor": "sender", "references": ["local"],
         "zh": {"title": "t", "summary": "s", "description": "d", "when": "w", "fix": "f"}}
rule = {"id": "site.x", "pattern": "x", "provider": "site", "reason": "blocked", "description": "d", "fix": "f",
        "references": ["local"], "examples": ["550 x"], "zh": {"description": "d", "fix": "f"}}
no_title = {k: v for k, v in entry.items() if k != "title"}
broken = {
    "a_syntax.json": ('{\n  "kind": "codes",\n  "entries": [ {"code": 550,, } ]\n}\n', [":3"]),
    "b_missing.json": ({"kind": "codes", "entries": [dict(no_title, code=551)]}, ["/entries/0", "title"]),
    "c_type.json": ({"kind": "codes", "entries": [dict(entry, code=552, retryable="no")]}, ["/entries/0/retryable"]),
    "d_duplicate.json": ({"kind": "codes", "entries": [dict(entry, code=553), dict(entry, code=553)]},
                         ["/entries/1", "duplicate", "553"]),
    "e_pattern.json": ({"kind": "patterns", "rules": [dict(rule, pattern="(unclosed")]},
                       ["/rules/0/pattern", "compile"]),
    "f_escape\x1b[31m.json": ({"kind": "codes", "entries": [dict(entry, code=554, actor="\x1b]0;pwn\x07")]},
                              ["/entries/0/actor"]),
}
with tempfile.TemporaryDirectory() as tmp:
    kbdir = os.path.join(tmp, "kb")
    os.mkdir(kbdir)
    for name, (content, _) in broken.items():
        with open(os.path.join(kbdir, name), "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content, indent=1))

    def check_kb_errors(what, status, out, err, expect_stdout_empty=True):
        lines = error_lines(err)
        check(f"{what}: exit 3", status == 3, f"{status}: {err[:300]!r}")
        if expect_stdout_empty:
            check(f"{what}: nothing explained", out == b"", repr(out[:100]))
        clean_terminal_output(what, status, out, err)
        for name, (_, needles) in broken.items():
            stem = name.split("\x1b")[0]
            mine = [l for l in lines if stem in l]
            check(f"{what}: {name!r} is reported in the same run", len(mine) >= 1, repr(lines))
            check(f"{what}: {name!r}'s error says {needles}",
                  any(all(n in l for n in needles) for l in mine), repr(mine))
        check(f"{what}: one line per error (and a count)",
              all(l.startswith("smtpx: ") or re.fullmatch(r"\d+ problem\(s\) found", l) for l in lines), repr(lines))

    check_kb_errors("--kb broken overlay", *run("explain", "--kb", kbdir, "550")[:3])
    check_kb_errors("kb check of a broken overlay", *run("kb", "check", kbdir)[:3], expect_stdout_empty=False)
    check_kb_errors("SMTPX_KB broken overlay", *run("explain", "550", env_=dict(env, SMTPX_KB=kbdir))[:3])
    # A user overlay ($XDG_CONFIG_HOME/smtpx) that is broken is never silently skipped.
    xdg = os.path.join(tmp, "xdg")
    os.makedirs(os.path.join(xdg, "smtpx"))
    with open(os.path.join(xdg, "smtpx", "site.json"), "w") as f:
        f.write('{"kind": "codes", "entries": [\n  {"code": 550}\n  {"code": 551}\n]}')
    status, out, err, _, _ = run("explain", "550", env_=dict(env, XDG_CONFIG_HOME=xdg))
    check("a broken user overlay exits 3 and names the file and line",
          status == 3 and b"site.json:3" in err and out == b"", f"{status}: {err[:200]!r}")
    status, _, _, _, _ = run("explain", "--no-user-kb", "550", env_=dict(env, XDG_CONFIG_HOME=xdg))
    check("--no-user-kb skips a broken user overlay", status == 0, str(status))
    # An overlay file that exists but cannot be read is an error, not a skip.
    dangling = os.path.join(tmp, "dangling")
    os.mkdir(dangling)
    os.symlink(os.path.join(tmp, "no-such-target.json"), os.path.join(dangling, "gone.json"))
    status, out, err, _, _ = run("explain", "--kb", dangling, "550")
    check("an unreadable overlay file exits 3 and is named", status == 3 and b"gone.json" in err, f"{status}: {err!r}")
    status, out, err, _, _ = run("explain", "--kb", os.path.join(tmp, "missing\x1b[31m"), "550")
    check("a missing --kb directory exits 3 and is named", status == 3 and b"missing" in err, f"{status}: {err!r}")
    clean_terminal_output("a missing --kb directory", status, out, err)

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
