#!/usr/bin/env python3
"""`smtpx completion bash|zsh|fish` (issue 11): the files in completions/ are exactly its output, and
the bash script completes commands, options, option values, codes and files when sourced."""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

from e2e import harness

exe, source_dir = sys.argv[1], sys.argv[2]
env, run, check, failures = harness(exe)

FILES = {"bash": "smtpx.bash", "zsh": "_smtpx", "fish": "smtpx.fish"}
scripts = {}
for shell, name in FILES.items():
    p = run("completion", shell)
    check(f"completion {shell}: exit {p.returncode}", p.returncode == 0 and p.stdout)
    scripts[shell] = p.stdout.decode()
    with open(os.path.join(source_dir, "completions", name), encoding="utf-8") as f:
        check(f"completions/{name} differs from 'smtpx completion {shell}': regenerate it", f.read() == scripts[shell])
p = run("completion", "tcsh")
check(f"completion tcsh: exit {p.returncode}, want 2", p.returncode == 2)
p = run("completion")
check(f"completion without a shell: exit {p.returncode}, want 2", p.returncode == 2)

# Every subcommand and option of --help is in every script.
for shell, text in scripts.items():
    for word in ("explain", "mail", "stats", "compare", "list", "search", "kb", "check", "path", "completion",
                 "json", "ndjson", "why", "long", "fields", "color", "width", "no-user-kb", "lang", "after",
                 "redact", "all", "merge", "since", "until", "top", "no-progress", "enhanced", "version", "550", "421"):
        check(f"{shell}: {word} missing", word in text)

# Sourced in bash: (words typed, index of the word being completed) -> the completions offered.
with tempfile.TemporaryDirectory() as tmp:
    script = os.path.join(tmp, "smtpx.bash")
    with open(script, "w") as f:
        f.write(scripts["bash"])
    for name in ("bounce.eml", "mail.log"):
        open(os.path.join(tmp, name), "w").close()
    os.mkdir(os.path.join(tmp, "overlay"))

    def complete(*words):
        code = f"source {script}; COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
        code += '_smtpx; printf "%s\\n" "${COMPREPLY[@]}"'
        p = subprocess.run(["bash", "--norc", "-c", code], capture_output=True, cwd=tmp, timeout=30)
        check(f"bash {words}: {p.stderr.decode()!r}", p.returncode == 0 and not p.stderr)
        return sorted(l for l in p.stdout.decode().splitlines() if l)

    CASES = [
        (("smtpx", "ex"), ["explain"]),
        (("smtpx", "co"), ["compare", "completion"]),
        (("smtpx", "--json", "st"), ["stats"]),
        (("smtpx", "--color", "a"), ["always", "auto"]),
        (("smtpx", "--lang", ""), ["en", "zh"]),
        (("smtpx", "explain", "--after", "RC"), ["RCPT"]),
        (("smtpx", "explain", "--re"), ["--redact"]),
        (("smtpx", "explain", "--lo"), ["--long"]),
        (("smtpx", "explain", "42"), ["421", "422"]),
        (("smtpx", "42"), ["421", "422"]),
        (("smtpx", "550", "42"), ["421", "422"]),
        (("smtpx", "compare", "550", "55"), ["550", "551", "552", "553", "554", "555", "556"]),
        (("smtpx", "kb", ""), ["check", "path"]),
        (("smtpx", "kb", "check", "ov"), ["overlay"]),
        (("smtpx", "--kb", "ov"), ["overlay"]),
        (("smtpx", "mail", "b"), ["bounce.eml"]),
        (("smtpx", "stats", "--no"), ["--no-progress", "--no-user-kb"]),
        (("smtpx", "stats", "--top", "5", "m"), ["mail.log"]),
        (("smtpx", "--width", "40", "li"), ["list"]),
        (("smtpx", "completion", ""), ["bash", "fish", "zsh"]),
        (("smtpx", "list", "--en"), ["--enhanced"]),
        (("smtpx", "--ver"), ["--version"]),
    ]
    for words, want in CASES:
        got = complete(*words)
        check(f"bash {' '.join(words)!r}<TAB>: {got}, want {want}", got == want)

# Syntax of the other shells' scripts, where the shell is installed.
for shell in ("zsh", "fish"):
    if shutil.which(shell):
        with tempfile.NamedTemporaryFile("w", suffix="." + shell) as f:
            f.write(scripts[shell])
            f.flush()
            p = subprocess.run([shell, "-n", f.name], capture_output=True, timeout=30)
            check(f"{shell} -n: {p.stderr.decode()!r}", p.returncode == 0)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
