"""The private world the MTA tests run in: a network and mount namespace, a resolver that says NXDOMAIN.

The MTAs resolve names through the system resolver, which reads /etc/resolv.conf and talks to port 53;
neither can be chosen per process. So the test re-runs itself under `unshare --net --mount`: inside,
loopback is brought up, a copy of resolv.conf naming 127.0.0.1 is bind-mounted over the real one
(visible to this process tree only), and a tiny DNS responder on 127.0.0.1:53 answers every query
with NXDOMAIN. Nothing outside the namespace sees any of it, and no port can collide with another run.
"""
import fcntl
import os
import socket
import struct
import subprocess
import sys
import threading

NETNS_MARK = "SMTPX_MTA_NETNS"


def enter_namespace(argv):
    """Re-executes this script inside new net and mount namespaces; returns only when already inside.

    Returns a reason string when namespaces are not available (the caller skips), else never returns.
    """
    if os.environ.get(NETNS_MARK) == "1":
        return None
    if os.geteuid() != 0:
        return "needs root (the MTAs run as root and the test uses a private network namespace)"
    probe = subprocess.run(["unshare", "--net", "--mount", "true"], capture_output=True)
    if probe.returncode != 0:
        return "unshare --net --mount is not permitted here: " + probe.stderr.decode(errors="replace").strip()
    env = dict(os.environ, **{NETNS_MARK: "1"})
    os.execvpe("unshare", ["unshare", "--net", "--mount", "--propagation", "private",
                           sys.executable, *argv], env)
    return None  # not reached


def loopback_up():
    """`ip link set lo up` without iproute2: SIOCSIFFLAGS with IFF_UP on "lo"."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(s, siocgifflags, ifreq))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


def private_resolver(tmpdir):
    """Points this namespace's /etc/resolv.conf at 127.0.0.1, where nxdomain_server() answers."""
    conf = os.path.join(tmpdir, "resolv.conf")
    with open(conf, "w") as f:
        f.write("nameserver 127.0.0.1\noptions attempts:1 timeout:2\n")
    os.chmod(conf, 0o644)
    subprocess.run(["mount", "--bind", conf, "/etc/resolv.conf"], check=True)


def _nxdomain_reply(query):
    """The query's header and question back, as an authoritative NXDOMAIN with no records."""
    if len(query) < 12:
        return None
    qid, flags = struct.unpack(">HH", query[:4])
    # QR=1, opcode copied, AA=1, RD copied, RA=1, RCODE=3 (NXDOMAIN).
    rflags = 0x8000 | (flags & 0x7800) | 0x0400 | (flags & 0x0100) | 0x0080 | 3
    qdcount = struct.unpack(">H", query[4:6])[0]
    # Find the end of the first question (labels, then type and class).
    pos = 12
    if qdcount:
        while pos < len(query) and query[pos] != 0:
            pos += 1 + query[pos]
        pos += 5
    question = query[12:pos] if qdcount and pos <= len(query) else b""
    return struct.pack(">HHHHHH", qid, rflags, 1 if question else 0, 0, 0, 0) + question


def nxdomain_server():
    """Serves NXDOMAIN for every name on 127.0.0.1:53 (UDP and TCP) from daemon threads."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 53))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("127.0.0.1", 53))
    tcp.listen(8)

    def serve_udp():
        while True:
            data, peer = udp.recvfrom(4096)
            reply = _nxdomain_reply(data)
            if reply:
                udp.sendto(reply, peer)

    def serve_tcp():
        while True:
            conn, _ = tcp.accept()
            with conn:
                conn.settimeout(2)
                try:
                    size = struct.unpack(">H", conn.recv(2))[0]
                    reply = _nxdomain_reply(conn.recv(size))
                    if reply:
                        conn.sendall(struct.pack(">H", len(reply)) + reply)
                except (OSError, struct.error):
                    pass

    for fn in (serve_udp, serve_tcp):
        threading.Thread(target=fn, daemon=True).start()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
