#!/usr/bin/env python3
"""Runs ../shared/corpus/score-mails.py (the shared collection of real bounce mails) and fails under the
floors given as FIELD=FRACTION; exits 77 (skipped) where the shared corpus is absent."""
import os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import clean_env  # noqa: E402


def main():
    exe, corpus = sys.argv[1], sys.argv[2]
    script = os.path.join(corpus, "score-mails.py")
    if not os.path.exists(script):
        print(f"skipped: {script} not found")
        return 77
    floors = dict((k, float(v)) for k, v in (a.split("=") for a in sys.argv[3:]))
    out = subprocess.run([sys.executable, script, exe, "--show", "20"], capture_output=True, text=True, timeout=600,
                         env=clean_env(LANG="C")).stdout
    print(out)
    got = {k: float(v) / 100 for k, v in re.findall(r"(\w+) ([\d.]+)% \(", out.splitlines()[-1] if out else "")}
    bad = [f"{k} {got.get(k, 0):.3f} < {v}" for k, v in floors.items() if got.get(k, 0) < v]
    for b in bad:
        print("FAIL:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
