#!/usr/bin/env python3
"""Latency of the pre-commit check: `relance check --staged`, whole process, in a real git repository.

    python3 bench/hook.py [--runs K] [--no-build] [--relance PATH] [--size N]

Builds relance once in release mode as it is installed (`swift build -c release --product relance
--static-swift-stdlib --scratch-path .build-static`, under `nice`: linking the Swift runtime statically
halves the process start, 30 -> 15 ms for `relance --version`), then for
ledger-example/ and for generated books of N invoices (bench/generate.py, default 10000) makes a git
repository with the books committed and one invoice staged, and times `relance check --staged` and the
whole hook (`sh hooks/pre-commit`) K times each (stdout and stderr to /dev/null). Prints the median and
the fastest run, and PASS/FAIL against the targets: 50 ms on ledger-example/, 300 ms on 10k invoices
(`check --staged`, median). Exit 1 on a failure.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"}


def git(repo, *args):
    env = dict(os.environ, **GIT_ENV)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def make_repo(books, staged_invoice):
    """A temporary git repository holding a copy of `books`, committed, with `staged_invoice` staged."""
    repo = tempfile.mkdtemp(prefix="relance-hook-bench-")
    shutil.copytree(books, repo, dirs_exist_ok=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "user.name", "Bench")
    git(repo, "config", "user.email", "bench@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "--no-verify", "-m", "books")
    with open(os.path.join(repo, "bench-staged.books"), "w") as f:
        f.write(staged_invoice)
    git(repo, "add", "bench-staged.books")
    return repo


def timed(cmd, repo, runs, env):
    """Median and fastest wall time, and median CPU time (user + system of the children: what the load of
    other processes does not inflate), in ms."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        r = subprocess.run(cmd, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {r.returncode} in {repo}")
    return statistics.median(times) * 1000, min(times) * 1000, statistics.median(cpu) * 1000


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--relance", default=os.path.join(ROOT, ".build-static/release/relance"))
    p.add_argument("--size", type=int, default=10000)
    a = p.parse_args()
    if not a.no_build:
        subprocess.run(["nice", "-n", "19", "swift", "build", "-c", "release", "--product", "relance", "--static-swift-stdlib",
                        "--scratch-path", os.path.join(ROOT, ".build-static")], cwd=ROOT, check=True)
    relance = os.path.abspath(a.relance)

    data = os.path.join(HERE, "data", str(a.size))
    if not os.path.isdir(data):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(a.size), data], check=True)

    env = dict(os.environ, **GIT_ENV, RELANCE=relance)
    env.pop("RELANCE_BOOKS", None)
    cases = [
        ("ledger-example/", os.path.join(ROOT, "ledger-example"),
         "2026-11-25 invoice F2026-990 atelier-lumiere 100.00 EUR\n", 50),
        (f"{a.size} invoices", data, None, 300),
    ]
    failed = False
    print(f"relance check --staged, whole process, {a.runs} runs each: wall median / fastest (median cpu), {relance}")
    print(f"  load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, books, invoice, target in cases:
        if invoice is None:
            # A new invoice for the first customer of the generated books.
            customer = next(line.split()[1] for line in open(os.path.join(books, "customers.books")) if line.startswith("customer "))
            invoice = f"2026-11-25 invoice BENCH-1 {customer} 100.00 EUR\n"
        repo = make_repo(books, invoice)
        try:
            check_med, check_min, check_cpu = timed([relance, "check", "--staged"], repo, a.runs, env)
            hook_med, hook_min, hook_cpu = timed(["sh", os.path.join(ROOT, "hooks", "pre-commit")], repo, a.runs, env)
        finally:
            shutil.rmtree(repo, ignore_errors=True)
        ok = check_med <= target
        failed |= not ok
        print(f"  {name:<16} check --staged {check_med:6.1f} / {check_min:6.1f} ms (cpu {check_cpu:5.1f})   "
              f"hooks/pre-commit {hook_med:6.1f} / {hook_min:6.1f} ms (cpu {hook_cpu:5.1f})   target {target} ms: {'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
