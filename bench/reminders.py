#!/usr/bin/env python3
"""Benchmark: one `relance run` that writes N reminders, each with an e-mail and a PDF letter.

Generates N customers with one late invoice each (channel "both", so every reminder is
an .eml plus a letter), commits them in a fresh git repository, then times the whole
`relance run` process (render, write, commit) and checks the commit it made.

    python3 bench/reminders.py [N] [--runs K]      (default N=1000, K=3)
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-11-22"

CONFIG = """[company]
name = "Claire Martin EI"
address = ["27 rue des Tables-Claudiennes", "69001 Lyon"]
city = "Lyon"
email = "claire@claire-martin.example"
siret = "912 345 675 00009"
iban = "FR76 1234 5000 0100 0123 4567 887"
bic = "FAKEFRPPXXX"
legal = ["Claire Martin EI — SIRET 912 345 675 00009"]

[dunning]
[[dunning.level]]
name = "Première relance"
offset = 7
channel = "both"
template = "first"

[[dunning.level]]
name = "Mise en demeure"
offset = 45
channel = "both"
template = "formal-notice"
fee = true
interest = true
deadline = 8
"""


def generate(n, folder):
    os.makedirs(os.path.join(folder, "invoices"))
    with open(os.path.join(folder, "relance.toml"), "w") as f:
        f.write(CONFIG)
    with open(os.path.join(folder, "customers.books"), "w") as f:
        for i in range(n):
            f.write(f"customer c{i:05d}\n  name     Société {i:05d} SARL\n"
                    f"  email    compta{i}@client{i}.example\n"
                    f"  address  {i % 200 + 1} rue de la République\n  address  69002 Lyon\n\n")
    with open(os.path.join(folder, "invoices", "2026.books"), "w") as f:
        for i in range(n):
            day = 1 + i % 28
            f.write(f"2026-08-{day:02d} invoice F2026-{i:05d} c{i:05d} {1000 + i % 900}.{i % 100:02d} EUR\n"
                    f"  due      2026-09-{day:02d}\n\n")


def git(folder, *args):
    subprocess.run(["git", "-C", folder, "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        k = args.index("--runs")
        runs = int(args[k + 1])
        del args[k:k + 2]
    n = int(args[0]) if args else 1000
    subprocess.run(["swift", "build", "-c", "release", "--product", "relance"], cwd=ROOT, check=True)
    relance = os.path.join(ROOT, ".build", "release", "relance")
    times = []
    for r in range(runs):
        work = tempfile.mkdtemp(prefix="relance-bench-")
        try:
            books = os.path.join(work, "books")
            generate(n, books)
            git(books, "init", "-q", "-b", "main")
            git(books, "config", "user.name", "Bench")
            git(books, "config", "user.email", "bench@example.org")
            git(books, "add", "-A")
            git(books, "commit", "-qm", "books")
            start = time.perf_counter()
            subprocess.run([relance, "run", "--books", books, "--as-of", AS_OF], check=True, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            times.append(elapsed)
            files = os.listdir(os.path.join(books, "reminders", "2026"))
            pdfs = sum(1 for f in files if f.endswith(".pdf"))
            emls = sum(1 for f in files if f.endswith(".eml"))
            subject = subprocess.run(["git", "-C", books, "log", "-1", "--format=%s"], capture_output=True, text=True).stdout.strip()
            size = sum(os.path.getsize(os.path.join(books, "reminders", "2026", f)) for f in files)
            print(f"run {r + 1}: {elapsed:.2f} s, {emls} e-mails, {pdfs} letters, {size / 1e6:.1f} MB, commit: {subject}")
            if pdfs != n or emls != n:
                print(f"FAIL: expected {n} letters and {n} e-mails")
                sys.exit(1)
        finally:
            shutil.rmtree(work)
    median = statistics.median(times)
    verdict = "PASS" if median <= 10 else "FAIL"
    print(f"{n} reminders with letters: median {median:.2f} s over {runs} runs (target ≤ 10 s): {verdict}")


if __name__ == "__main__":
    main()
