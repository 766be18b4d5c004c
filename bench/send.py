#!/usr/bin/env python3
"""Benchmark: `relance send` delivering N reminders to a real SMTP server on the loopback.

Generates N customers with one late invoice each (one e-mail reminder each), commits them in a
fresh git repository, lets `relance run` write and commit the reminders, starts the test SMTP
server (aiosmtpd, STARTTLS on a self-signed certificate, AUTH required), then times the whole
`relance send` process: journal marks fsync'd, one connection for the batch, the delivery
records committed. Checks the server received each message exactly once.

    python3 bench/send.py [N] [--runs K] [--relance PATH]     (default N=1000, K=3; target: ≤ 10 s)

Without --relance it builds `swift build -c release --product relance` first.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Tests", "DeliveryTests", "smtp_server.py")
AS_OF = "2026-11-22"
PASSWORD = "bench-password"

CONFIG = """[company]
name = "Claire Martin EI"
city = "Lyon"
email = "claire@claire-martin.example"
iban = "FR76 1234 5000 0100 0123 4567 887"

[dunning]
[[dunning.level]]
name = "Première relance"
offset = 7
channel = "email"
template = "first"

[smtp]
host = "127.0.0.1"
port = {port}
security = "starttls"
username = "claire"
password_env = "BENCH_SMTP_PASSWORD"
ca_file = "{cert}"
"""


def generate(n, folder, port, cert):
    os.makedirs(os.path.join(folder, "invoices"))
    with open(os.path.join(folder, "relance.toml"), "w") as f:
        f.write(CONFIG.format(port=port, cert=cert))
    with open(os.path.join(folder, "customers.books"), "w") as f:
        for i in range(n):
            f.write(f"customer c{i:05d}\n  name     Société {i:05d} SARL\n  email    compta{i}@client{i}.example\n\n")
    with open(os.path.join(folder, "invoices", "2026.books"), "w") as f:
        for i in range(n):
            f.write(f"2026-10-01 invoice F2026-{i:05d} c{i:05d} {1000 + i % 900}.{i % 100:02d} EUR\n  due      2026-11-10\n\n")


def git(folder, *args):
    subprocess.run(["git", "-C", folder, "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                   check=True, stdout=subprocess.DEVNULL)


def start_server(work, cert, key):
    out = os.path.join(work, "received")
    os.makedirs(out)
    p = subprocess.Popen([sys.executable, SERVER, "--outdir", out, "--mode", "starttls", "--cert", cert, "--key", key,
                          "--password", PASSWORD], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline().split()
    if len(line) != 2 or line[0] != "READY":
        p.kill()
        sys.exit("the SMTP server did not start (is aiosmtpd installed? .ci/setup installs it)")
    return p, int(line[1]), out


def main():
    args = sys.argv[1:]
    runs, relance = 3, None
    if "--runs" in args:
        k = args.index("--runs"); runs = int(args[k + 1]); del args[k:k + 2]
    if "--relance" in args:
        k = args.index("--relance"); relance = os.path.abspath(args[k + 1]); del args[k:k + 2]
    n = int(args[0]) if args else 1000
    if relance is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "relance"], cwd=ROOT, check=True)
        relance = os.path.join(ROOT, ".build", "release", "relance")
    times = []
    for r in range(runs):
        work = tempfile.mkdtemp(prefix="relance-send-bench-")
        server = None
        try:
            cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
            server, port, received = start_server(work, cert, key)
            books = os.path.join(work, "books")
            generate(n, books, port, cert)
            git(books, "init", "-q", "-b", "main")
            git(books, "config", "user.name", "Bench")
            git(books, "config", "user.email", "bench@example.org")
            git(books, "add", "-A")
            git(books, "commit", "-qm", "books")
            subprocess.run([relance, "run", "--books", books, "--as-of", AS_OF], check=True, stdout=subprocess.DEVNULL)
            env = dict(os.environ, BENCH_SMTP_PASSWORD=PASSWORD)
            start = time.perf_counter()
            done = subprocess.run([relance, "send", "--books", books, "--as-of", AS_OF], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"FAIL: relance send exited {done.returncode}: {done.stderr}")
            times.append(elapsed)
            ids = []
            for name in sorted(os.listdir(received)):
                if name.endswith(".eml"):
                    with open(os.path.join(received, name), "rb") as f:
                        for line in f.read().split(b"\r\n"):
                            if line.startswith(b"X-Relance-Reminder: "):
                                ids.append(line.split(b": ", 1)[1].decode())
            subject = subprocess.run(["git", "-C", books, "log", "-1", "--format=%s"], capture_output=True, text=True).stdout.strip()
            print(f"run {r + 1}: {elapsed:.2f} s, {len(ids)} messages received ({len(set(ids))} distinct), commit: {subject}")
            if len(ids) != n or len(set(ids)) != n:
                sys.exit(f"FAIL: expected {n} messages, each once")
        finally:
            if server:
                server.kill()
                server.wait()
            shutil.rmtree(work)
    median = statistics.median(times)
    verdict = "PASS" if median <= 10 else "FAIL"
    print(f"{n} reminders delivered over SMTP (STARTTLS, AUTH) on the loopback: median {median:.2f} s over {runs} runs "
          f"({n / median:.0f} messages/s; target ≤ 10 s): {verdict}")


if __name__ == "__main__":
    main()
