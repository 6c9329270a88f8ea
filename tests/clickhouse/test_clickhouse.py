#!/usr/bin/env python3
"""smtpx stats --events into a real ClickHouse (issue 13), the way a fleet does it.

Two generated logs stand for two hosts. Each host's events are piped into clickhouse-client
("INSERT ... FORMAT JSONEachRow") on throwaway servers on loopback (own data directories and config,
free ports), into the table share/smtpx/clickhouse.sql creates. Then:
  * on one server holding both hosts: reason counts of the outbound events equal the `reasons` of
    `stats --merge` over the two per-host `stats --json` summaries (the summary counts every delivery
    attempt, successes included, under its reason: so all outbound rows, nothing filtered), and the
    same for statuses, codes, providers and the inbound rejections; ts (derived in the schema) spans
    the summary's first..last;
  * through a Distributed table over two server processes, one host's events in each: the same.
Exit 77 (SKIPPED) without clickhouse-server/clickhouse-client, unless SMTPX_CLICKHOUSE_REQUIRED=1.
The servers die with this process (PR_SET_PDEATHSIG) and are stopped in `finally`."""
import ctypes
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from e2e import clean_env  # noqa: E402

SMTPX = sys.argv[1]
SCHEMA = sys.argv[2]
REQUIRED = os.environ.get("SMTPX_CLICKHOUSE_REQUIRED") == "1"
ENV = clean_env(TZ="UTC")   # no SMTPX_* or user overlays: the answers depend on the logs alone
failures = []


def check(cond, what):
    print(("ok:   " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


def find(name):
    return shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None)


SERVER, CLIENT = find("clickhouse-server"), find("clickhouse-client")
if not SERVER or not CLIENT:
    print(f"clickhouse-server or clickhouse-client not found: {'FAIL' if REQUIRED else 'SKIPPED'}")
    sys.exit(1 if REQUIRED else 77)

REPLIES = [
    # (weight, status, dsn, reply); {rcpt}, {ip} and {when} are filled in per line
    (500, "sent", "2.0.0", "250 2.0.0 OK  {n} a1b2c3d4e5f6si{n}qtb.{k} - gsmtp"),
    (200, "sent", "2.0.0", "250 2.0.0 Ok: queued as {qid}"),
    (40, "bounced", "5.1.1", "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table"),
    (20, "bounced", "5.2.2", "552 5.2.2 <{rcpt}>: user is over quota"),
    (15, "bounced", "5.7.1", "554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org"),
    (10, "bounced", "5.7.26", "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy"),
    (40, "deferred", "4.7.0", "421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints"),
    (40, "deferred", "4.2.0", "450 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted until {when}"),
    (30, "deferred", "4.4.1", "connect to mx.example.net[{ip}]:25: Connection timed out"),
    (10, "expired", "4.4.1", "connect to mx.example.net[{ip}]:25: Connection timed out"),
]
HOSTS = ["gmail-smtp-in.l.google.com", "mta7.am0.yahoodns.net", "example-com.mail.protection.outlook.com",
         "mx.example.net", "mx1.example.org"]


def make_log(path, host, seed, lines):
    """A Postfix log of `lines` lines from `host`: deliveries, removals, inbound rejections, hand-offs."""
    rng = random.Random(seed)
    weights = [r[0] for r in REPLIES]
    sec, out = 0, []
    while len(out) < lines:
        sec += rng.randint(0, 3)
        ts = "Nov %2d %02d:%02d:%02d" % (1 + sec // 86400 % 28, sec // 3600 % 24, sec // 60 % 60, sec % 60)
        qid = "%010X" % rng.getrandbits(40)
        ip = "192.0.2.%d" % rng.randint(1, 254)
        rcpt = "user%d@example%d.net" % (rng.randint(1, 9999), rng.randint(1, 50))
        out.append(f"{ts} {host} postfix/qmgr[900]: {qid}: from=<sender@example.org>, size=1234, nrcpt=1 (queue active)")
        if rng.random() < 0.05:   # a content filter hand-off: not a delivery attempt
            out.append(f"{ts} {host} postfix/smtp[1]: {qid}: to=<{rcpt}>, relay=127.0.0.1[127.0.0.1]:10024, dsn=2.0.0, "
                       f"status=sent (250 2.0.0 Ok: queued as {qid[::-1]})")
        _, status, dsn, text = rng.choices(REPLIES, weights)[0]
        text = text.format(rcpt=rcpt, ip=ip, qid=qid[::-1], n=rng.randint(10**9, 2 * 10**9), k=rng.randint(1, 999),
                           when="2026-11-%02dT%02d:%02d:00Z" % (rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)))
        relay_host = rng.choice(HOSTS)
        if text[0].isdigit():
            said = text if status == "sent" else f"host {relay_host}[{ip}] said: {text} (in reply to RCPT TO command)"
            relay = f"{relay_host}[{ip}]:25"
        else:
            said, relay = text, "none"
        out.append(f"{ts} {host} postfix/smtp[2]: {qid}: to=<{rcpt}>, relay={relay}, delay=1.2, delays=0.1/0/0.3/0.8, "
                   f"dsn={dsn}, status={status} ({said})")
        if status != "deferred":
            out.append(f"{ts} {host} postfix/qmgr[900]: {qid}: removed")
        if rng.random() < 0.1:
            out.append(f"{ts} {host} postfix/smtpd[3]: NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 "
                       f"<x{rng.randint(1, 99)}@example.org>: Relay access denied; from=<s@example.biz> "
                       f"to=<x@example.org> proto=ESMTP helo=<example.biz>")
    with open(path, "w") as f:
        f.write("\n".join(out[:lines]) + "\n")
    os.utime(path, (1795000000, 1795000000))   # 2026-11-19: the syslog year


def smtpx(*args):
    p = subprocess.run([SMTPX, *args], capture_output=True, env=ENV, timeout=120)
    if p.returncode != 0:
        raise SystemExit(f"smtpx {args}: exit {p.returncode}: {p.stderr.decode()[:300]}")
    return p.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG


CONFIG = """<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{d}/server.log</log><errorlog>{d}/server.err.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>{port}</tcp_port>
  <path>{d}/data/</path>
  <tmp_path>{d}/tmp/</tmp_path>
  <user_files_path>{d}/user_files/</user_files_path>
  <format_schema_path>{d}/format_schemas/</format_schema_path>
  <users_config>{d}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <remote_servers>
    <smtpx_fleet>
      <shard><replica><host>127.0.0.1</host><port>{port1}</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>{port2}</port></replica></shard>
    </smtpx_fleet>
  </remote_servers>
</yandex>
"""
USERS = """<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows>
    <read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
"""


def start(d, port, ports):
    os.makedirs(d)
    with open(f"{d}/config.xml", "w") as f:
        f.write(CONFIG.format(d=d, port=port, port1=ports[0], port2=ports[1]))
    with open(f"{d}/users.xml", "w") as f:
        f.write(USERS)
    out = open(f"{d}/stdout", "w")
    return subprocess.Popen([SERVER, f"--config-file={d}/config.xml"], stdout=out, stderr=subprocess.STDOUT,
                            preexec_fn=die_with_parent, cwd=d)


def client(port, query, stdin=None, database="default"):
    p = subprocess.run([CLIENT, "--host", "127.0.0.1", "--port", str(port), "--database", database, "--multiquery",
                        "--query", query], stdin=stdin, capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"clickhouse-client: {query[:80]!r}: {p.stderr.decode()[:500]}")
    return p.stdout.decode()


def wait_ready(port, server, d):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            if client(port, "SELECT 1").strip() == "1":
                return
        except (RuntimeError, subprocess.TimeoutExpired):
            time.sleep(0.3)
    log = "".join(open(f"{d}/{n}", errors="replace").read()[-1500:] for n in ("stdout", "server.err.log") if os.path.exists(f"{d}/{n}"))
    raise SystemExit(f"clickhouse-server on port {port} did not come up:\n{log}")


def load(port, log, database="default"):
    """`smtpx stats --events LOG | clickhouse-client --query "INSERT ... FORMAT JSONEachRow"`, as the README has it."""
    producer = subprocess.Popen([SMTPX, "stats", "--events", log], stdout=subprocess.PIPE, env=ENV)
    client(port, "INSERT INTO smtpx_events FORMAT JSONEachRow", stdin=producer.stdout, database=database)
    producer.stdout.close()
    check(producer.wait() == 0, f"stats --events {os.path.basename(log)} exits 0")


def counts(port, column, where, table="smtpx_events", database="default"):
    rows = client(port, f"SELECT toString({column}), count() FROM {table} WHERE {where} AND {column} IS NOT NULL "
                        f"AND toString({column}) != '' GROUP BY {column} FORMAT JSONEachRow", database=database)
    return {r[f"toString({column})"]: int(r["count()"]) for r in map(json.loads, rows.splitlines())}


def compare(port, merged, label, table="smtpx_events", database="default"):
    for key, column in (("reasons", "reason"), ("statuses", "status"), ("codes", "code"), ("enhanced", "enhanced"),
                        ("providers", "provider")):
        got = counts(port, column, "direction = 'outbound'", table, database)
        check(got == merged[key], f"{label}: outbound {key} equal stats --merge's ({sum(got.values())} rows)"
              + ("" if got == merged[key] else f"\n  clickhouse {got}\n  merge      {merged[key]}"))
    got = counts(port, "reason", "direction = 'inbound'", table, database)
    check(got == merged["rejects"]["reasons"], f"{label}: inbound reasons equal rejects.reasons")


tmp = tempfile.mkdtemp(prefix="smtpx-clickhouse-")
servers = []
try:
    logs = [os.path.join(tmp, "mx1.log"), os.path.join(tmp, "mx2.log")]
    make_log(logs[0], "mx1", 1, 20000)
    make_log(logs[1], "mx2", 2, 20000)
    summaries = []
    for log in logs:
        summaries.append(log + ".json")
        with open(summaries[-1], "wb") as f:
            f.write(smtpx("stats", "--json", log))
    merged = json.loads(smtpx("stats", "--json", "--merge", *summaries))
    check(merged["reasons"].get("accepted", 0) > 0 and merged["rejects"]["count"] > 0 and merged["handoffs"] > 0,
          "the logs hold successes, failures, rejections and hand-offs")

    ports = [free_port(), free_port()]
    check(not set(ports) & {9000, 8123, 9009}, f"ports {ports} are not ClickHouse's defaults")
    for i, port in enumerate(ports):
        servers.append(start(os.path.join(tmp, f"server{i + 1}"), port, ports))
    for i, port in enumerate(ports):
        wait_ready(port, servers[i], os.path.join(tmp, f"server{i + 1}"))
    schema = open(SCHEMA).read()

    # One server, both hosts.
    client(ports[0], schema)
    for log in logs:
        load(ports[0], log)
    total = int(client(ports[0], "SELECT count() FROM smtpx_events WHERE direction = 'outbound'"))
    check(total == merged["deliveries"], f"one row per delivery attempt: {total} vs {merged['deliveries']}")
    compare(ports[0], merged, "one server")
    span = client(ports[0], "SELECT toString(min(ts)), toString(max(ts)) FROM smtpx_events").split()
    check(" ".join(span[:2]) == merged["first"] and " ".join(span[2:]) == merged["last"],
          f"ts from the schema spans the summary's first..last ({span} vs {merged['first']}, {merged['last']})")
    hosts = client(ports[0], "SELECT host, count() FROM smtpx_events GROUP BY host ORDER BY host FORMAT TSV").split()
    check(hosts[0::2] == ["mx1", "mx2"], f"host is the syslog host: {hosts}")

    # A Distributed table over two servers, one host's events in each.
    for i, port in enumerate(ports):
        client(port, "CREATE DATABASE IF NOT EXISTS fleet")
        client(port, schema, database="fleet")
        load(port, logs[i], database="fleet")
        local = int(client(port, "SELECT count() FROM smtpx_events WHERE direction = 'outbound'", database="fleet"))
        check(local == json.load(open(summaries[i]))["deliveries"],
              f"server {i + 1} holds host {i + 1}'s attempts only ({local})")
    client(ports[0], "CREATE TABLE smtpx_events_all AS smtpx_events "
                     "ENGINE = Distributed(smtpx_fleet, fleet, smtpx_events, rand())", database="fleet")
    compare(ports[0], merged, "Distributed over two servers", table="smtpx_events_all", database="fleet")
finally:
    for s in servers:
        s.terminate()
    for s in servers:
        try:
            s.wait(timeout=20)
        except subprocess.TimeoutExpired:
            s.kill()
            s.wait()
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{'FAILED' if failures else 'ok'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
