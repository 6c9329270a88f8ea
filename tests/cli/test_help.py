#!/usr/bin/env python3
"""--help fits the output width (issue 11): at --width 40, 60, 80 and 120, and from COLUMNS, no line of
the app's or any subcommand's help is wider than the width, counted in display columns (CJK = 2), in
English and Chinese; and wrapping loses no words."""
import re
import sys
import unicodedata

from e2e import harness

exe = sys.argv[1]
env, run, check, failures = harness(exe)

COMMANDS = [[], ["explain"], ["mail"], ["stats"], ["compare"], ["list"], ["search"], ["kb"], ["kb", "check"],
            ["kb", "path"], ["completion"]]


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def words(text):
    return sorted(re.findall(r"\S+", text))


for lang in ("en", "zh"):
    for cmd in COMMANDS:
        wide = run("--lang", lang, "--width", "1000", *cmd, "--help")
        check(f"{lang} {cmd} --help: exit {wide.returncode}", wide.returncode == 0 and wide.stdout)
        for w in (40, 60, 80, 120):
            p = run("--lang", lang, "--width", str(w), *cmd, "--help")
            out = p.stdout.decode()
            check(f"{lang} {cmd} --width {w}: exit {p.returncode}", p.returncode == 0)
            over = [l for l in out.splitlines() if width(l) > w]
            check(f"{lang} {cmd} --width {w}: lines wider than {w}: {over}", not over)
            if lang == "en":   # CJK text breaks between characters, so only English keeps whole words
                check(f"{lang} {cmd} --width {w}: words lost or added", words(out) == words(wide.stdout.decode()))
        # The width also comes from COLUMNS when stdout is not a terminal, and --width may follow the command.
        p = run("--lang", lang, *cmd, "--help", "--width", "50")
        check(f"{lang} {cmd}: --width after the command", all(width(l) <= 50 for l in p.stdout.decode().splitlines()))
        env["COLUMNS"] = "45"
        p = run("--lang", lang, *cmd, "--help")
        env["COLUMNS"] = "100"
        check(f"{lang} {cmd}: COLUMNS=45", p.returncode == 0 and all(width(l) <= 45 for l in p.stdout.decode().splitlines()))

# The help documents --long and completion.
p = run("--help")
out = p.stdout.decode()
check("--help lists --long", "--long" in out and "generic meaning" in out)
check("--help lists completion", "completion" in out)

# A subcommand's help lists the global options it accepts too.
for cmd in (["explain"], ["mail"], ["stats"], ["kb", "check"]):
    out = run(*cmd, "--help").stdout.decode()
    check(f"{cmd} --help: global options listed", "Global options:" in out and "--ndjson" in out and "--long" in out)
    check(f"{cmd} --help: no --version", "--version" not in out)
out = run("--lang", "zh", "explain", "--help").stdout.decode()
check("zh explain --help: 全局选项", "全局选项" in out and "--ndjson" in out)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
