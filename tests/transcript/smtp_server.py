#!/usr/bin/python3
"""A scripted SMTP server for the transcript tests (Debian's python3-aiosmtpd).

Binds two listeners on 127.0.0.1, port 0 (the kernel picks free ports, so parallel test runs never
collide), prints {"port": N, "busy_port": M} as one JSON line on stdout and serves until stdin
reaches EOF, SIGTERM, or --lifetime seconds pass: a test that dies cannot leave it running.

"port" answers by scenario, keyed by the local part of the recipient (see RCPT_SCENARIOS and
DATA_SCENARIOS); "busy_port" greets every client with 421 and hangs up, which no per-command hook can
express because the greeting comes before the client says anything.
"""
import argparse
import asyncio
import json
import signal
import sys

from aiosmtpd.smtp import SMTP, AuthResult, syntax

HOSTNAME = "mx.test.example"

# Local part of the recipient -> reply to RCPT. Wordings follow real MTAs and providers (Postfix,
# Postgrey, Gmail) so the explainer sees what it would see in the field.
RCPT_SCENARIOS = {
    "nosuchuser": "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table",
    "greylisted": "450 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted, see "
                  "http://postgrey.schweikert.ch/help/test.example.html",
    # Gmail's own multi-line wording: the transcript must group its continuation lines.
    "ratelimited": "450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please\r\n"
                   "450-4.2.1 resend your message at a later time. If the user is able to receive\r\n"
                   "450-4.2.1 mail at that time, your message will be delivered. For more\r\n"
                   "450 4.2.1 information, please visit https://support.google.com/mail/?p=ReceivingRate "
                   "m1si2233445qkn.101 - gsmtp",
}
# Replies after which the server closes the connection, as RFC 5321 section 3.8 requires of a 421.
RCPT_CLOSING = {
    "overloaded": "421 4.7.0 " + HOSTNAME + " Error: too many connections from your IP, closing connection",
}
# Local part of the (first) recipient -> reply to the end of the message data.
DATA_SCENARIOS = {
    "toobig": "552 5.3.4 Message size exceeds fixed limit",
    "spamcheck": "554 5.7.1 Message rejected: content judged as spam",
}
ACCEPTED = "250 2.0.0 Ok: queued as 4Qx7Lm2Zk9z1"
NO_RECIPIENT = "503 5.5.1 Error: need RCPT command"
AUTH_FAILED = "535 5.7.8 Error: authentication failed: authentication failure"
BUSY_GREETING = "421 4.7.0 " + HOSTNAME + " Service not available, too many concurrent sessions, closing channel"


def local_part(address):
    return address.rpartition("@")[0].lower()


class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        # swaks --pipeline needs the extension to send MAIL, RCPT and DATA in one go.
        return responses[:-1] + ["250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        key = local_part(address)
        if key in RCPT_SCENARIOS:
            return RCPT_SCENARIOS[key].format(rcpt=address)
        if key in RCPT_CLOSING:
            server.close_after_reply = True
            return RCPT_CLOSING[key]
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            key = local_part(rcpt)
            if key in DATA_SCENARIOS:
                return DATA_SCENARIOS[key]
        return ACCEPTED

    async def handle_VRFY(self, server, session, envelope, address):
        return "252 2.1.5 Cannot VRFY user, but will accept message and attempt delivery"


def refuse_credentials(server, session, envelope, mechanism, auth_data):
    # Every login fails: the scenario is the 334 challenges followed by Postfix's 535.
    return AuthResult(success=False, handled=False, message=AUTH_FAILED)


class ScriptedSMTP(SMTP):
    # The challenges most servers send (base64 "Username:" / "Password:"), not aiosmtpd's own.
    AuthLoginUsernameChallenge = "Username:"
    AuthLoginPasswordChallenge = "Password:"

    def __init__(self, handler, busy=False, **kwargs):
        # AUTH without TLS: the test has no certificate, and swaks needs AUTH advertised to try it.
        super().__init__(handler, hostname=HOSTNAME, ident="ESMTP smtpx-test", auth_require_tls=False,
                         authenticator=refuse_credentials, **kwargs)
        self.busy = busy
        self.close_after_reply = False

    async def push(self, status):
        if self.busy:
            # Replace the 220 greeting: the only thing this listener ever says.
            await super().push(BUSY_GREETING)
            self.busy = False
            self.transport.close()
            return
        await super().push(status)
        if self.close_after_reply and self.transport is not None:
            self.transport.close()

    @syntax("MAIL FROM: <address>", extended=" [SP <mail-parameters>]")
    async def smtp_MAIL(self, arg):
        # aiosmtpd accepts a bare address and says 553 for a malformed one; Postfix (with
        # strict_rfc821_envelopes) says 501 5.5.4 and 501 5.1.7, the wordings users paste.
        if arg and self.session.host_name:
            rest = arg[5:].strip() if arg[:5].upper() == "FROM:" else None
            if rest is not None and not rest.startswith("<"):
                return await self.push("501 5.5.4 Syntax: MAIL FROM:<address>")
            if rest is not None:
                address, _ = self._getaddr(rest)
                if address is None or (address and "@" not in address):
                    return await self.push("501 5.1.7 Bad sender address syntax")
        return await super().smtp_MAIL(arg)

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        if self.session.host_name and self.envelope.mail_from is not None and not self.envelope.rcpt_tos:
            return await self.push(NO_RECIPIENT)
        return await super().smtp_DATA(arg)


async def serve(lifetime):
    loop = asyncio.get_running_loop()
    handler = Handler()
    main = await loop.create_server(lambda: ScriptedSMTP(handler), "127.0.0.1", 0)
    busy = await loop.create_server(lambda: ScriptedSMTP(handler, busy=True), "127.0.0.1", 0)
    done = loop.create_future()

    def stop(*_):
        if not done.done():
            done.set_result(None)

    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)
    # EOF on stdin means the test that started us is gone.
    loop.add_reader(sys.stdin.fileno(), lambda: stop() if not sys.stdin.buffer.read1(4096) else None)
    loop.call_later(lifetime, stop)
    print(json.dumps({"port": main.sockets[0].getsockname()[1], "busy_port": busy.sockets[0].getsockname()[1]}),
          flush=True)
    await done
    main.close()
    busy.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifetime", type=float, default=120.0, help="exit after this many seconds")
    args = parser.parse_args()
    asyncio.run(serve(args.lifetime))


if __name__ == "__main__":
    main()
