"""Shared harness of the end-to-end scripts: the binary, a clean environment, run() and check().

Every Python suite that runs smtpx takes its environment from clean_env(), so that what a developer
has set (SMTPX_KB overlays, SMTPX_LANG, SMTPX_NO_CACHE, a user overlay under XDG_CONFIG_HOME, a
Chinese locale) cannot change a result."""
import os
import subprocess

# Variables that change smtpx's answers or language; a suite that tests one sets it itself.
_LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def clean_env(**overrides):
    """os.environ without SMTPX_* and the locale, with no user overlays, then `overrides`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMTPX_") and k not in _LOCALE}
    env["XDG_CONFIG_HOME"] = "/nonexistent"
    env.update(overrides)
    return env


def harness(exe):
    """Returns (env, run, check, failures) for tests of the smtpx binary `exe`."""
    # No colour, a fixed width, English, and no user overlays: output depends on the arguments alone.
    env = clean_env(NO_COLOR="1", COLUMNS="100", LANG="C")
    failures = []

    def run(*args, stdin=None):
        return subprocess.run([exe, *args], input=stdin, capture_output=True, env=env, timeout=60)

    def check(what, ok):
        if not ok:
            failures.append(what)

    return env, run, check, failures
