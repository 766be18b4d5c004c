#!/usr/bin/env python3
"""A real SMTP server for relance's delivery tests (aiosmtpd on 127.0.0.1).

Each accepted message is written to OUTDIR as NNNNNN.eml (the bytes received, dot-stuffing undone)
with NNNNNN.json beside it (envelope sender and recipients). Prints "READY <port>" once listening.
"""
import argparse, asyncio, json, os, socket, ssl, sys, signal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = len([f for f in os.listdir(args.outdir) if f.endswith(".eml")])
        self.accepted = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.args.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if self.args.defer and address.lower() in self.args.defer:
            return "451 4.3.0 <%s>: Temporary local problem, try again" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.die_before_write is not None and self.accepted >= self.args.die_before_write:
            os._exit(3)
        self.count += 1
        base = os.path.join(self.args.outdir, "%06d" % self.count)
        # The envelope first; readers list the .eml files, which appear whole (renamed into place).
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        self.accepted += 1
        if self.args.die_after is not None and self.accepted >= self.args.die_after:
            # The message is kept, but the 250 never leaves: the client cannot know it went.
            os._exit(3)
        return "250 2.0.0 Ok: queued as %06d" % self.count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--outdir", required=True)
    p.add_argument("--mode", choices=["starttls", "tls", "plain"], default="starttls")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user", default="claire")
    p.add_argument("--password", default="")
    p.add_argument("--no-auth", action="store_true", help="no AUTH at all (for a plain server)")
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--defer", action="append", default=[])
    p.add_argument("--die-after", type=int, help="exit right after storing this many messages, before the 250")
    p.add_argument("--die-before-write", type=int, help="exit on the DATA of the message after this many")
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()
    args.reject = [a.lower() for a in args.reject]
    args.defer = [a.lower() for a in args.defer]

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode() and auth_data.password == args.password.encode():
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    port = args.port or free_port()
    kwargs = dict(hostname="127.0.0.1", port=port)
    if not args.no_auth:
        kwargs.update(authenticator=authenticator, auth_required=True)
    if args.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    elif args.mode == "tls":
        # The whole session is TLS (aiosmtpd only counts STARTTLS as TLS).
        kwargs.update(ssl_context=context, auth_require_tls=False)
    else:
        kwargs.update(auth_require_tls=False)
    controller = Controller(Handler(args), **kwargs)
    controller.start()
    print("READY %d" % port, flush=True)
    signal.signal(signal.SIGTERM, lambda *a: (controller.stop(), sys.exit(0)))
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    controller.stop()


if __name__ == "__main__":
    main()
