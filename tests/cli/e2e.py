"""Shared harness of the end-to-end scripts: the binary, a clean environment, run() and check()."""
import os
import subprocess


def harness(exe):
    """Returns (env, run, check, failures) for tests of the smtpx binary `exe`."""
    # No colour, a fixed width, English, and no user overlays: output depends on the arguments alone.
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100", LANG="C", XDG_CONFIG_HOME="/nonexistent")
    failures = []

    def run(*args, stdin=None):
        return subprocess.run([exe, *args], input=stdin, capture_output=True, env=env, timeout=60)

    def check(what, ok):
        if not ok:
            failures.append(what)

    return env, run, check, failures
