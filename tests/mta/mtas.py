"""Throwaway Postfix and Exim instances on loopback, and the scripted remote server they deliver to.

Each MTA gets a configuration, queue and mailbox under one temporary directory and two SMTP ports:
`port` accepts from 127.0.0.1 and relays anywhere (the sender's own MTA), `strict_port` is the same
MTA acting as somebody else's server: it refuses to relay for 127.0.0.1 and takes at most 20 kB.
Bounces go back to sender@client.example, which both MTAs deliver into a Maildir (bounces/new/).
"""
import asyncio
import os
import pwd
import shutil
import subprocess
import time

from mta_env import free_port

SENDER = "sender@client.example"
STRICT_SIZE = 20000

# The remote server's reply to RCPT TO by local part: what a receiving site says per recipient.
REMOTE_RCPT = {
    "nosuchuser": "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table",
    "overquota": "552 5.2.2 <{rcpt}>: Recipient address rejected: Mailbox full",
    "blocked": "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; "
               "https://www.spamhaus.org/query/ip/127.0.0.1",
    "later": "451 4.3.0 <{rcpt}>: Temporary lookup failure",
}


class RemoteServer:
    """aiosmtpd on 127.0.0.1 answering RCPT by local part (REMOTE_RCPT), in a thread of this process."""

    def __init__(self):
        self.port = free_port()
        self.received = []

    def __enter__(self):
        from aiosmtpd.controller import Controller  # Debian's python3-aiosmtpd

        outer = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                reply = REMOTE_RCPT.get(address.rpartition("@")[0].lower())
                if reply:
                    return reply.format(rcpt=address)
                envelope.rcpt_tos.append(address)
                return "250 2.1.5 Ok"

            async def handle_DATA(self, server, session, envelope):
                outer.received.append(envelope.rcpt_tos)
                return "250 2.0.0 Ok: queued as 4RemOte1"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     server_hostname="mx.remote.example")
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
        return False


def _wait_port(port, timeout=15):
    import socket
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def _maildir_messages(maildir):
    new = os.path.join(maildir, "new")
    if not os.path.isdir(new):
        return []
    return [os.path.join(new, n) for n in sorted(os.listdir(new))]


class Postfix:
    """`postfix -c CONFDIR start` with its own queue, data directory, log file, ports and routes."""
    name = "postfix"

    @staticmethod
    def missing():
        if not shutil.which("postfix") and not os.path.exists("/usr/sbin/postfix"):
            return "postfix (apt-get install postfix)"
        try:
            pwd.getpwnam("postfix")
        except KeyError:
            return "the postfix user (created by the postfix package)"
        return None

    def __init__(self, tmp, remote_port):
        self.dir = os.path.join(tmp, "postfix")
        self.conf = os.path.join(self.dir, "etc")
        self.mail = os.path.join(self.dir, "mail")
        self.maildir = os.path.join(self.mail, "bounces")
        self.log = os.path.join(self.dir, "postfix.log")
        self.port, self.strict_port = free_port(), free_port()
        self.remote_port = remote_port

    def write_config(self):
        for d in (self.conf, self.mail, os.path.join(self.dir, "spool"), os.path.join(self.dir, "data")):
            os.makedirs(d)
        os.chmod(self.dir, 0o755)
        os.chmod(os.path.join(self.dir, "spool"), 0o755)
        postfix = pwd.getpwnam("postfix")
        os.chown(os.path.join(self.dir, "data"), postfix.pw_uid, postfix.pw_gid)
        # virtual(8) creates the Maildir as the uid of virtual_uid_maps.
        os.chmod(self.mail, 0o1777)
        strict = "127.0.0.1:%d" % self.strict_port
        remote = "smtp:[127.0.0.1]:%d" % self.remote_port
        routes = {
            "relay.example": "smtp:[%s]:%d" % ("127.0.0.1", self.strict_port),
            "big.example": "smtp:[%s]:%d" % ("127.0.0.1", self.strict_port),
            "remote.example": remote,
            "slow.example": remote,
        }
        with open(os.path.join(self.conf, "transport"), "w") as f:
            f.writelines("%s %s\n" % kv for kv in routes.items())
        main = {
            "compatibility_level": "3.6",
            "queue_directory": os.path.join(self.dir, "spool"),
            "data_directory": os.path.join(self.dir, "data"),
            "meta_directory": "/etc/postfix",
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "maillog_file": self.log,
            "maillog_file_prefixes": self.dir,
            "myhostname": "mx.postfix.example",
            "mydomain": "postfix.example",
            "mydestination": "mx.postfix.example",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            "smtpd_relay_restrictions": "permit_mynetworks, reject_unauth_destination",
            # Accept any local part at SMTP time, so that local(8) itself bounces an unknown user.
            "local_recipient_maps": "",
            "alias_maps": "",
            "alias_database": "",
            "biff": "no",
            "smtputf8_enable": "no",
            "transport_maps": "texthash:" + os.path.join(self.conf, "transport"),
            "virtual_mailbox_domains": "client.example",
            "virtual_mailbox_base": self.mail,
            "virtual_mailbox_maps": "static:bounces/",
            "virtual_uid_maps": "static:65534",
            "virtual_gid_maps": "static:65534",
            # Temporary failures are retried every second and expire after 8 seconds in the queue.
            "maximal_queue_lifetime": "8s",
            "bounce_queue_lifetime": "8s",
            "queue_run_delay": "1s",
            "minimal_backoff_time": "1s",
            "maximal_backoff_time": "2s",
            "delay_warning_time": "0h",
        }
        with open(os.path.join(self.conf, "main.cf"), "w") as f:
            f.writelines("%s = %s\n" % kv for kv in main.items())
        services = [
            "127.0.0.1:%d inet n - n - - smtpd" % self.port,
            # Somebody else's server: 127.0.0.1 is not its client network, and it takes 20 kB at most.
            "%s inet n - n - - smtpd -o mynetworks=127.0.0.2/32 -o message_size_limit=%d"
            % (strict, STRICT_SIZE),
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "smtp unix - - n - - smtp",
            "relay unix - - n - - smtp",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "local unix - n n - - local",
            "virtual unix - n n - - virtual",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "postlog unix-dgram n - n - 1 postlogd",
        ]
        with open(os.path.join(self.conf, "master.cf"), "w") as f:
            f.write("\n".join(services) + "\n")

    def __enter__(self):
        self.write_config()
        for step in (["check"], ["start"]):
            proc = subprocess.run(["postfix", "-c", self.conf, *step], capture_output=True, timeout=60)
            if proc.returncode != 0:
                raise RuntimeError("postfix %s failed: %s%s" % (step[0], (proc.stdout + proc.stderr).decode(),
                                                                  self.read_log()))
        if not (_wait_port(self.port) and _wait_port(self.strict_port)):
            self.__exit__()
            raise RuntimeError("postfix did not listen on its ports; log:\n" + self.read_log())
        return self

    def __exit__(self, *exc):
        subprocess.run(["postfix", "-c", self.conf, "abort"], capture_output=True, timeout=60)
        return False

    def run_queue(self):
        pass  # qmgr runs the queue itself (queue_run_delay)

    def read_log(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def bounces(self):
        return _maildir_messages(self.maildir)


EXIM_CONFIG = r"""
primary_hostname = mx.exim.example
# Unpacked anywhere: the daemon re-executes itself from here, not from the compiled-in path.
exim_path = {exe}
qualify_domain = exim.example
spool_directory = {dir}/spool
log_file_path = {dir}/log/%slog
pid_file_path = {dir}/exim.pid
daemon_smtp_ports = {port} : {strict_port}
local_interfaces = 127.0.0.1
disable_ipv6 = true
domainlist local_domains = mx.exim.example
domainlist capture_domains = client.example
acl_smtp_rcpt = acl_check_rcpt
# The second port is somebody else's server: it takes 20 kB at most (said in EHLO's SIZE).
message_size_limit = ${{if ={{$received_port}}{{{strict_port}}}{{{strict_size}}}{{50M}}}}
host_lookup =
rfc1413_hosts =
never_users = root
keep_environment =
tls_advertise_hosts =
delay_warning = 0s
# The daemon only receives: its children run as the Exim user, and with a -C configuration that is
# not in Debian's trusted_configs list they would lose the root privilege deliveries need. The test
# runs the queue as root instead (Exim.run_queue).
queue_only = true
timeout_frozen_after = 1m

begin acl
acl_check_rcpt:
  deny    condition = ${{if ={{$received_port}}{{{strict_port}}}}}
          !domains = +local_domains
          message = relay not permitted
  accept

begin routers
strict:
  driver = manualroute
  domains = relay.example : big.example
  route_list = * 127.0.0.1
  transport = to_strict
  self = send
remote:
  driver = manualroute
  domains = remote.example : slow.example
  route_list = * 127.0.0.1
  transport = to_remote
  self = send
capture:
  driver = accept
  domains = +capture_domains
  transport = maildir
localuser:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = maildir
# Any other local part: the usual :fail: redirect of an alias file's catch-all.
unknown_local:
  driver = redirect
  domains = +local_domains
  allow_fail
  data = :fail: Unknown user
dnslookup:
  driver = dnslookup
  domains = ! +local_domains : ! +capture_domains
  transport = to_remote
  no_more

begin transports
to_strict:
  driver = smtp
  port = {strict_port}
  allow_localhost
  hosts_try_chunking =
  hosts_try_prdr =
to_remote:
  driver = smtp
  port = {remote_port}
  allow_localhost
  hosts_try_chunking =
  hosts_try_prdr =
maildir:
  driver = appendfile
  directory = {dir}/mail/bounces
  maildir_format
  create_directory
  user = nobody
  group = nogroup
  delivery_date_add
  envelope_to_add
  return_path_add

begin retry
# Temporary failures at slow.example are retried every second and time out after 6 seconds.
slow.example  *  F,6s,1s
*             *  F,1m,10s
"""


class Exim:
    """Debian's exim4 binary unpacked anywhere (dpkg -x), run as a daemon with its own -C file."""
    name = "exim"

    @staticmethod
    def find(root):
        for cand in ([os.path.join(root, "usr/sbin/exim4")] if root else []) + ["/usr/sbin/exim4"]:
            if os.access(cand, os.X_OK):
                return cand
        return None

    @staticmethod
    def missing(root):
        exe = Exim.find(root)
        if not exe:
            return "exim4 (apt-get download exim4-daemon-light exim4-base exim4-config; dpkg -x; see .ci/steps/40-mta.sh)"
        try:
            pwd.getpwnam("Debian-exim")
        except KeyError:
            return "the Debian-exim user that Debian's exim4 binary runs as"
        proc = subprocess.run([exe, "-C", "/dev/null", "-bV"], capture_output=True)
        if b"Exim version" not in proc.stdout:
            return "a runnable exim4 (%s)" % (proc.stdout + proc.stderr).decode(errors="replace").strip()[:200]
        return None

    def __init__(self, tmp, remote_port, root):
        self.exe = Exim.find(root)
        self.dir = os.path.join(tmp, "exim")
        self.conf = os.path.join(self.dir, "exim.conf")
        self.maildir = os.path.join(self.dir, "mail", "bounces")
        self.port, self.strict_port = free_port(), free_port()
        self.remote_port = remote_port
        self.proc = None

    def write_config(self):
        uid = pwd.getpwnam("Debian-exim")
        for d in ("spool", "log", "mail"):
            os.makedirs(os.path.join(self.dir, d))
        os.chmod(self.dir, 0o755)
        os.chmod(os.path.join(self.dir, "mail"), 0o1777)
        for d in ("spool", "log"):
            os.chown(os.path.join(self.dir, d), uid.pw_uid, uid.pw_gid)
        with open(self.conf, "w") as f:
            f.write(EXIM_CONFIG.format(exe=self.exe, dir=self.dir, port=self.port, strict_port=self.strict_port,
                                       strict_size=STRICT_SIZE, remote_port=self.remote_port))
        os.chmod(self.conf, 0o644)

    def __enter__(self):
        self.write_config()
        check = subprocess.run([self.exe, "-C", self.conf, "-bV"], capture_output=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError("exim -bV: " + (check.stdout + check.stderr).decode(errors="replace"))
        # -bdf: the daemon stays in the foreground, a child of this test.
        self.proc = subprocess.Popen([self.exe, "-C", self.conf, "-bdf"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not (_wait_port(self.port) and _wait_port(self.strict_port)):
            self.__exit__()
            raise RuntimeError("exim did not listen on its ports; log:\n" + self.read_log())
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return False

    def run_queue(self):
        subprocess.run([self.exe, "-C", self.conf, "-q"], capture_output=True, timeout=60)

    def read_log(self):
        out = []
        for name in ("mainlog", "rejectlog", "paniclog"):
            try:
                with open(os.path.join(self.dir, "log", name), errors="replace") as f:
                    out.append("== %s\n%s" % (name, f.read()))
            except OSError:
                pass
        return "\n".join(out)

    def bounces(self):
        return _maildir_messages(self.maildir)
