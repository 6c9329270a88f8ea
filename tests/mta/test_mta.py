#!/usr/bin/python3
"""Real bounces from real MTAs, explained by `smtpx mail`.

Starts a throwaway Postfix or Exim on loopback (configuration, queue and mailbox under a temporary
directory, inside a private network namespace with a resolver that answers NXDOMAIN), sends with swaks
one message per scenario, collects the bounces the MTA delivers back to the sender's Maildir, and
checks both what the MTA said (the RFC 3464 fields, as Python's email package reads them) and what
`smtpx mail --json` answers for each recipient (expected.json).

  test_mta.py --smtpx BIN [--exim-root DIR] [--save DIR] postfix|exim   live run (root, the MTA installed)
  test_mta.py --smtpx BIN --captured DIR                                 the saved bounces, no MTA needed

Exits 77 (CTest's SKIP_RETURN_CODE) when the MTA, swaks, aiosmtpd or namespaces are missing, unless
SMTPX_MTA_REQUIRED=1 (set by CI), where a missing piece fails.
"""
import argparse
import email
import email.policy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
from e2e import clean_env  # noqa: E402

SKIP = 77
EXPECTED = os.path.join(HERE, "expected.json")
WAIT_SECONDS = 60

# scenario -> (recipients, body bytes). {mta} is the MTA's own host name part.
SCENARIOS = {
    "unknown-user": (["nosuchuser@mx.{mta}.example"], 0),
    "relay-denied": (["someone@relay.example"], 0),
    "too-big": (["someone@big.example"], 40000),
    "expired": (["later@slow.example"], 0),
    "remote-multi": (["nosuchuser@remote.example", "overquota@remote.example", "blocked@remote.example",
                      "ok@remote.example"], 0),
    "host-not-found": (["someone@nxdomain.example"], 0),
}


class Failure(Exception):
    pass


def skip_or_fail(reason):
    if os.environ.get("SMTPX_MTA_REQUIRED") == "1":
        print("FAIL: required but missing: " + reason)
        sys.exit(1)
    print("SKIP: " + reason)
    sys.exit(SKIP)


# ---------------------------------------------------------------- sending and collecting

def send(swaks, port, scenario, mta):
    rcpts, size = SCENARIOS[scenario]
    rcpts = [r.format(mta=mta) for r in rcpts]
    cmd = [swaks, "--server", "127.0.0.1:%d" % port, "--from", "sender@client.example",
           "--helo", "client.example", "--to", ",".join(rcpts),
           "--header", "Subject: smtpx-mta %s" % scenario,
           "--header", "Message-Id: <%s.%s@client.example>" % (scenario, mta)]
    if size:
        cmd += ["--body", "\n".join(["y" * 76] * (size // 77))]
    proc = subprocess.run(cmd, capture_output=True, timeout=60)
    if proc.returncode != 0:
        raise Failure("swaks for %s exited %d:\n%s" % (scenario, proc.returncode, proc.stdout.decode(errors="replace")))


def scenario_of(raw):
    for scenario in SCENARIOS:
        if ("smtpx-mta %s" % scenario).encode() in raw:
            return scenario
    return None


def queue_empty(mta):
    if mta.name == "postfix":
        proc = subprocess.run(["postqueue", "-c", mta.conf, "-j"], capture_output=True, timeout=30)
        return proc.returncode == 0 and not proc.stdout.strip()
    proc = subprocess.run([mta.exe, "-C", mta.conf, "-bpc"], capture_output=True, timeout=30)
    return proc.stdout.strip() == b"0"


def collect(mta):
    """Waits until every scenario has bounced and the queue is empty; returns {fixture name: bytes}."""
    deadline = time.time() + WAIT_SECONDS
    while True:
        mta.run_queue()
        found = {}
        for path in mta.bounces():
            with open(path, "rb") as f:
                raw = f.read()
            found.setdefault(scenario_of(raw), []).append((os.path.getmtime(path), raw))
        done = all(s in found for s in SCENARIOS) and queue_empty(mta)
        if done or time.time() > deadline:
            break
        time.sleep(0.5)
    if not done:
        missing = [s for s in SCENARIOS if s not in found]
        raise Failure("%s: no bounce for %s within %d s (queue empty: %s); log:\n%s"
                      % (mta.name, missing, WAIT_SECONDS, queue_empty(mta), mta.read_log()[-6000:]))
    if None in found:
        raise Failure("%s delivered %d mail(s) that belong to no scenario" % (mta.name, len(found[None])))
    mails = {}
    for scenario, items in found.items():
        for i, (_, raw) in enumerate(sorted(items)):
            mails["%s-%s%s" % (mta.name, scenario, "" if i == 0 else "-%d" % (i + 1))] = raw
    return mails


# ---------------------------------------------------------------- checks

def dsn_recipients(raw):
    """(recipient, action, status) per recipient block of the mail's message/delivery-status part."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    out = []
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload()[1:]:
            rcpt = (block.get("Final-Recipient") or "").partition(";")[2].strip()
            out.append((rcpt.lower(), (block.get("Action") or "").strip().lower(),
                        (block.get("Status") or "").strip()))
    return out


def check_mta_side(name, raw, expect, failures):
    """What the MTA itself wrote: the DSN's recipients, actions and status classes."""
    want = [(e["recipient"], e["action"], e["status_class"]) for e in expect]
    got = [(r, a, s[:1]) for r, a, s in dsn_recipients(raw)]
    if got != want:
        failures.append("%s: the MTA's DSN lists %s, expected %s" % (name, got, want))


def smtpx_has_mail(smtpx):
    """Whether this smtpx has the `mail` subcommand (its help lists the subcommands, two spaces in)."""
    out = subprocess.run([smtpx, "--help"], capture_output=True).stdout.decode(errors="replace")
    return any(line.split()[:1] == ["mail"] for line in out.splitlines() if line.startswith("  "))


def check_smtpx(smtpx, name, path, expect, failures):
    """`smtpx mail --json FILE`: one record per recipient, in the mail's order, with the expected fields."""
    env = clean_env(NO_COLOR="1", LANG="C")
    proc = subprocess.run([smtpx, "mail", "--json", path], capture_output=True, env=env, timeout=60)
    if proc.returncode != 0:
        failures.append("%s: smtpx mail exited %d: %s" % (name, proc.returncode, proc.stderr.decode(errors="replace")))
        return
    try:
        records = json.loads(proc.stdout)
    except ValueError as e:
        failures.append("%s: smtpx mail printed invalid JSON: %s" % (name, e))
        return
    if len(records) != len(expect):
        failures.append("%s: %d records, expected %d: %s" % (
            name, len(records), len(expect), [(r.get("recipient"), r.get("reason")) for r in records]))
    for rec, exp in zip(records, expect):
        for field in ("recipient", "action", "reason", "code", "enhanced", "kind"):
            if field in exp and rec.get(field) != exp[field]:
                failures.append("%s: %s: %s is %r, expected %r" % (name, exp["recipient"], field,
                                                                   rec.get(field), exp[field]))
        if rec.get("file") != path:
            failures.append("%s: file is %r, expected %r" % (name, rec.get("file"), path))
        original = rec.get("original") or {}
        if "smtpx-mta" not in (original.get("subject") or ""):
            failures.append("%s: original.subject is %r" % (name, original.get("subject")))


def check_all(smtpx, mails, paths, failures, mta_side):
    with open(EXPECTED) as f:
        expected = json.load(f)
    has_mail = smtpx_has_mail(smtpx)
    for name in sorted(mails):
        if name not in expected:
            failures.append("%s: a bounce expected.json does not describe" % name)
            continue
        expect = expected[name]["recipients"]
        if mta_side:
            check_mta_side(name, mails[name], expect, failures)
        if has_mail:
            check_smtpx(smtpx, name, paths[name], expect, failures)
    for name in expected:
        if name.startswith(tuple(n.split("-")[0] + "-" for n in mails)) and name not in mails:
            failures.append("%s: expected but not delivered" % name)
    return has_mail


# ---------------------------------------------------------------- main

def live(args):
    import mta_env
    import mtas
    if args.mta == "postfix":
        missing = mtas.Postfix.missing()
    else:
        missing = mtas.Exim.missing(args.exim_root)
    swaks = shutil.which("swaks")
    if missing or not swaks:
        skip_or_fail(missing or "swaks (apt-get install swaks)")
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        skip_or_fail("python3-aiosmtpd (Debian's, for /usr/bin/python3)")
    why = mta_env.enter_namespace(sys.argv)
    if why:
        skip_or_fail(why)
    # From here on, in the private namespaces.
    mta_env.loopback_up()
    tmp = tempfile.mkdtemp(prefix="smtpx-mta-")
    os.chmod(tmp, 0o755)  # the MTAs' own users (postfix, Debian-exim, nobody) work below it
    failures = []
    try:
        mta_env.private_resolver(tmp)
        mta_env.nxdomain_server()
        with mtas.RemoteServer() as remote:
            mta = mtas.Postfix(tmp, remote.port) if args.mta == "postfix" else mtas.Exim(tmp, remote.port, args.exim_root)
            with mta:
                for scenario in SCENARIOS:
                    send(swaks, mta.port, scenario, args.mta)
                mails = collect(mta)
            if remote.received != [["ok@remote.example"]]:
                failures.append("the remote server received %s, expected the one accepted recipient"
                                % remote.received)
        paths = {}
        for name, raw in mails.items():
            paths[name] = os.path.join(tmp, name + ".eml")
            with open(paths[name], "wb") as f:
                f.write(raw)
            if args.save:
                with open(os.path.join(args.save, name + ".eml"), "wb") as f:
                    f.write(raw)
        has_mail = check_all(args.smtpx, mails, paths, failures, mta_side=True)
    except (Failure, RuntimeError) as e:
        failures.append(str(e))
        has_mail = True
    finally:
        if os.environ.get("SMTPX_MTA_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
    return report(failures, has_mail, "%s: %d bounce(s)" % (args.mta, len(locals().get("mails", {}))))


def captured(args):
    if not smtpx_has_mail(args.smtpx):
        print("SKIP: this smtpx has no `mail` subcommand yet")
        return SKIP
    mails, paths = {}, {}
    for fn in sorted(os.listdir(args.captured)):
        if fn.endswith(".eml"):
            paths[fn[:-4]] = os.path.join(args.captured, fn)
            with open(paths[fn[:-4]], "rb") as f:
                mails[fn[:-4]] = f.read()
    failures = []
    if not mails:
        failures.append("no .eml files in " + args.captured)
    has_mail = check_all(args.smtpx, mails, paths, failures, mta_side=True)
    return report(failures, has_mail, "captured: %d bounce(s)" % len(mails))


def report(failures, has_mail, what):
    for f in failures:
        print("FAIL: " + f)
    print("%s, %s, %d failure(s)" % (what, "smtpx mail checked" if has_mail else "MTA side only (no smtpx mail)",
                                     len(failures)))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smtpx", required=True)
    parser.add_argument("--exim-root", default=os.environ.get("SMTPX_EXIM_ROOT"),
                        help="a directory Debian's exim4 packages were unpacked into (dpkg -x)")
    parser.add_argument("--save", help="also write each bounce to DIR/NAME.eml")
    parser.add_argument("--captured", help="check the saved bounces in DIR instead of running an MTA")
    parser.add_argument("mta", nargs="?", choices=["postfix", "exim"])
    args = parser.parse_args()
    if args.captured:
        return captured(args)
    if not args.mta:
        parser.error("name an MTA or give --captured DIR")
    return live(args)


if __name__ == "__main__":
    sys.exit(main())
