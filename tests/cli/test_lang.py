#!/usr/bin/env python3
"""End-to-end checks of the language rule (issue 6): --lang and SMTPX_LANG for everything, the locale
for human output only (never --json), and --help and CLI11's parse errors in Chinese."""
import json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import clean_env  # noqa: E402

exe = sys.argv[1]
base = clean_env(NO_COLOR="1", COLUMNS="100")   # no locale: each check sets the one it tests
failures = []


def run(*args, **env):
    return subprocess.run([exe, *args], capture_output=True, env=dict(base, **env), timeout=60)


def check(what, ok, detail=b""):
    if not ok:
        failures.append(f"{what}: {detail[:300]!r}")


def cjk(b):
    return any("\u4e00" <= ch <= "\u9fff" for ch in b.decode("utf-8", "replace"))


p = run("--lang", "zh", "--bogus")
check("--lang zh --bogus exits 2", p.returncode == 2, p.stderr)
check("--lang zh --bogus says so in Chinese", p.stderr.decode() == "smtpx：错误：未知选项“--bogus”\n运行 'smtpx --help' 查看用法。\n", p.stderr)
check("--lang zh --bogus prints nothing on stdout", p.stdout == b"", p.stdout)
p = run("explain", "550", "--bogus", LANG="zh_CN.UTF-8")
check("the locale alone makes parse errors Chinese", p.returncode == 2 and "未知选项" in p.stderr.decode(), p.stderr)
p = run("explain", "550", "--bogus", LANG="zh_CN.UTF-8", LC_ALL="C")
check("LC_ALL=C overrides LANG for parse errors", p.stderr.startswith(b"smtpx: error: unknown option '--bogus'"), p.stderr)
p = run("--lang", "zh", "--width", "5", "550")
check("a value out of range is explained in Chinese", p.returncode == 2 and "--width 的取值“5”无效" in p.stderr.decode(), p.stderr)
p = run("--lang", "zh", "--bo\x1b[31mgus")
check("an unknown option with ESC is escaped in Chinese too", b"\x1b" not in p.stderr and b"\\e[31m" in p.stderr, p.stderr)

en = json.loads(run("--json", "550").stdout)[0]
p = run("--json", "550", LANG="zh_CN.UTF-8")
doc = json.loads(p.stdout)[0]
check("LANG=zh_CN.UTF-8 --json is still English", not cjk(p.stdout) and doc["title"] == en["title"], p.stdout)
p = run("--json", "550", LC_ALL="zh_CN.UTF-8", LC_MESSAGES="zh_CN.UTF-8")
check("LC_ALL/LC_MESSAGES=zh --json is still English", not cjk(p.stdout), p.stdout)
for how, args, env in (("SMTPX_LANG=zh", ("--json", "550"), {"SMTPX_LANG": "zh"}),
                       ("--lang zh", ("--lang", "zh", "--json", "550"), {}),
                       ("--lang=zh_CN", ("--lang=zh_CN", "--json", "550"), {})):
    doc = json.loads(run(*args, **env).stdout)[0]
    check(f"{how} --json has Chinese text", cjk(doc["title"].encode()) and cjk(doc["description"].encode()), doc["title"].encode())
    check(f"{how} --json keeps keys, class and reason English",
          doc["class"] == en["class"] and doc["reason"] == en["reason"] and list(doc) == list(en), json.dumps(doc).encode())
p = run("550", LANG="zh_CN.UTF-8")
check("LANG=zh_CN.UTF-8 human output is Chinese", cjk(p.stdout), p.stdout)
p = run("--lang", "en", "550", LANG="zh_CN.UTF-8")
check("--lang en beats the locale", not cjk(p.stdout), p.stdout)

p = run("--help", LANG="zh_CN.UTF-8")
out = p.stdout.decode()
check("--help follows the locale", p.returncode == 0 and "用法:" in out and "选项:" in out and "子命令:" in out, p.stdout)
check("Chinese --help has no English description", "Print JSON" not in out and "Options:" not in out, p.stdout)
p = run("--lang=zh-CN", "stats", "--help")
check("--lang=zh-CN stats --help is Chinese", "汇总" in p.stdout.decode() and "位置参数:" in p.stdout.decode(), p.stdout)
p = run("--help")
check("--help is English by default", "Usage: smtpx" in p.stdout.decode() and not cjk(p.stdout), p.stdout)

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
