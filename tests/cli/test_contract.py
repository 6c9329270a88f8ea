#!/usr/bin/env python3
"""End-to-end checks of the JSON and exit-status contract (README "JSON output", man page EXIT STATUS)."""
import json, os, subprocess, sys

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

p = run("explain", "--json", "501", "5.7.26", "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", "999")
doc = json.loads(p.stdout)
check("four inputs give four objects", isinstance(doc, list) and len(doc) == 4)
check("501 is a permanent negative", doc[0]["code"] == 501 and doc[0]["class"] == "permanent-negative")
check("501 is syntaxerror and not retryable", doc[0]["reason"] == "syntaxerror" and doc[0]["retryable"] is False)
check("5.7.26 has no basic code", doc[1]["code"] is None and doc[1]["enhanced"] == "5.7.26")
check("5.7.26 is an authentication failure", doc[1]["reason"] == "authfailure")
check("a reply line is parsed", doc[2]["code"] == 550 and doc[2]["enhanced"] == "5.1.1")
check("user unknown is userunknown", doc[2]["reason"] == "userunknown")
check("999 is an error object", doc[3]["error"] and doc[3]["code"] is None)
check("an input not understood exits 1", p.returncode == 1)
for key in ("input", "code", "enhanced", "class", "title", "description", "when", "fix", "reason", "retryable",
            "provider", "references", "registered", "warnings"):
    check(f"key {key} present", all(key in o for o in doc))

p = run("explain", "--json", "559", "5.7.999")
doc = json.loads(p.stdout)
check("559 is answered but unregistered", doc[0]["registered"] is False and "error" not in doc[0])
check("5.7.999 is answered but unregistered", doc[1]["registered"] is False and doc[1]["suggestions"])
check("unregistered codes exit 0", p.returncode == 0)

p = run("explain", "--json", "550 4.2.1")
doc = json.loads(p.stdout)
check("class mismatch is flagged and the basic code decides",
      doc[0]["class"] == "permanent-negative" and any("mismatch" in w for w in doc[0]["warnings"]))
p = run("explain", "--json", "571")
check("571 is flagged non-standard", json.loads(p.stdout)[0]["registered"] is False)

p = run("compare", "--json", "252", "501")
c = json.loads(p.stdout)
check("compare --json has codes and differences", len(c["codes"]) == 2 and len(c["differences"]) >= 3)
check("compare exits 0", p.returncode == 0)
p = run("compare", "252", "501")
text = p.stdout.decode()
words = text.split("\n\n", 1)[1].split()  # prose after the side-by-side table
check("compare text has no doubled words",
      not any(a.lower() == b.lower() and a.isalpha() for a, b in zip(words, words[1:])))
for needle in ("VRFY", "angle brackets", "Key differences", "What to do"):
    check(f"compare 252 501 mentions {needle}", needle in text)
check("compare with one code is a usage error", run("compare", "252").returncode == 2)
check("an unknown option exits 2", run("explain", "--no-such-option", "550").returncode == 2)
p = run("explain", "--bogus\x1b[31m")
check("CLI errors escape control characters", b"\x1b" not in p.stderr and p.returncode == 2)
check("global options after the subcommand", run("explain", "550", "--json").returncode == 0)
check("global options before the subcommand", run("--json", "explain", "550").returncode == 0)
p = run("explain", "--json", "--", "-550")
check("-- ends options: '-550' is an input (not understood, exit 1), not an unknown option (exit 2)",
      p.returncode == 1 and json.loads(p.stdout)[0]["input"] == "-550")
p = run("explain", "--json", stdin=b"550\n")
check("stdin is read when no inputs are given", p.returncode == 0 and json.loads(p.stdout)[0]["code"] == 550)
p = run("550 \x1b]0;pwned\x07 5.1.1 user unknown")
check("terminal escapes from input are never echoed raw", b"\x1b" not in p.stdout and b"\x07" not in p.stdout)
p = run("explain", "--json", "550 \xff\xfe bad utf8")
try:
    json.loads(p.stdout.decode("utf-8"))
    check("invalid UTF-8 still gives valid JSON", True)
except Exception:
    check("invalid UTF-8 still gives valid JSON", False)
p = run("list", "4xx")
check("list 4xx lists 421 and 450", b"421" in p.stdout and b"450" in p.stdout and p.returncode == 0)
check("list of an empty range exits 1", run("list", "6xx").returncode == 1)
p = run("search", "greylist")
check("search finds greylisting", p.returncode == 0 and p.stdout.strip() != b"")
check("search with no hit exits 1", run("search", "zzzyyyxxx").returncode == 1)
p = run("--version")
check("--version names the knowledge base", b"knowledge base" in p.stdout)

import tempfile
with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
    entry = {"code": 550, "title": "Site text A", "class": "permanent-negative", "status": "standard", "summary": "s",
             "description": "d", "when": "w", "fix": "f", "commands": ["RCPT"], "reason": "undefined",
             "retryable": False, "actor": "sender", "references": ["local"],
             "zh": {"title": "t", "summary": "s", "description": "d", "when": "w", "fix": "f"}}
    json.dump({"kind": "codes", "entries": [entry]}, open(os.path.join(a, "site.json"), "w"))
    json.dump({"kind": "codes", "entries": [dict(entry, title="Site text B")]}, open(os.path.join(b, "site.json"), "w"))
    p = run("explain", "--json", "--kb", a, "550")
    check("an overlay entry replaces the embedded one", json.loads(p.stdout)[0]["title"] == "Site text A")
    env["SMTPX_KB"] = a
    p = run("explain", "--json", "--kb", b, "550")
    check("--kb wins over SMTPX_KB", json.loads(p.stdout)[0]["title"] == "Site text B")
    del env["SMTPX_KB"]
    open(os.path.join(b, "broken.json"), "w").write('{"kind": "codes", "entries": [ {"code": 1}, ]}')
    p = run("explain", "--kb", b, "550")
    check("a broken overlay exits 3 and names the file and line",
          p.returncode == 3 and b"broken.json:1" in p.stderr)
    check("kb check reports a broken file with exit 3", run("kb", "check", b).returncode == 3)
    check("kb check passes a clean file", run("kb", "check", os.path.join(a, "site.json")).returncode == 0)

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
