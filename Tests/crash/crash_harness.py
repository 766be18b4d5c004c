#!/usr/bin/env python3
"""Crash harness for `relance run`: kills a real run at every file and sync system call, and at random
moments, and checks that the next run recovers by itself.

For each kill point, on a fresh copy of a small books repository (made here, committed with git):
  1. `relance run --as-of DATE` is killed (SIGKILL), either by strace's fault injection
     (`strace -f -e inject=SYSCALL:signal=KILL:when=N`) at the N-th call of one of SYSCALLS in a thread,
     or by a real `kill -9` after a random delay;
  2. the same `relance run` is started again, with no hand action in between;
  3. it must exit 0 and leave exactly what one uninterrupted run leaves: the same tree
     (`git rev-parse HEAD^{tree}`), the same files, one batch commit, `git status --porcelain` empty,
     `git fsck --strict` clean, no lock or journal left in .git, each reminder once in history.

Prints a summary (kill points tried, fired, recovered, failed) and exits 1 on any failure.

  crash_harness.py [--relance PATH] [--points N] [--random-kills K] [--double-kills D] [--full] [--seed S] [--keep]

--double-kills also kills the recovering run (at a random system call) before the final run.

Without --full, N kill points are tried: every sync, rename and link point first, then a seeded draw of the others;
--full tries every one.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SYSCALLS = ["openat", "write", "fsync", "fdatasync", "rename", "renameat", "renameat2", "unlink", "unlinkat",
            "link", "linkat", "mkdir", "mkdirat", "close", "ftruncate", "flock"]
AS_OF = "2026-11-22"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC",
           "GIT_AUTHOR_DATE": "2026-11-01T10:00:00+01:00", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00+01:00"}

CUSTOMERS = """\
customer alpha
  name     "Alpha SARL"
  email    compta@alpha.example
  address  "1 rue Mercière"
  address  "69002 Lyon"

customer beta
  name     "Beta SAS"
  email    factures@beta.example
  address  "2 quai Rambaud"
  address  "69002 Lyon"

customer gamma
  name     "Gamma EURL"
  address  "3 place Bellecour"
  address  "69002 Lyon"
  channel  letter

customer delta
  name     "Delta SA"
  email    ap@delta.example
  address  "4 cours Lafayette"
  address  "69003 Lyon"
"""

INVOICES = """\
2026-08-01 invoice F2026-001 alpha 1200.00 EUR
  due   2026-08-31

2026-08-20 invoice F2026-002 alpha 300.00 EUR
  due   2026-09-19
  file  documents/F2026-002.pdf

2026-07-01 invoice F2026-003 beta 4500.00 EUR
  due   2026-07-31
  file  documents/F2026-003.pdf

2026-06-01 invoice F2026-004 gamma 980.00 EUR
  due   2026-07-01

2026-10-01 invoice F2026-005 delta 2100.00 EUR
  due   2026-10-31

2026-11-01 invoice F2026-006 delta 650.00 EUR
  due   2026-11-24
"""

PAYMENTS = """\
2026-09-05 payment alpha 200.00 EUR
  apply F2026-001 200.00 EUR
"""

HISTORY = """\
; Reminders written by relance (append-only; a reminder by hand is welcome).

2026-10-01 reminder R2026-0001 beta
  level    2
  channel  email
  invoice  F2026-003 4500.00 EUR

2026-10-20 reminder R2026-0002 gamma
  level    3
  channel  letter
  invoice  F2026-004 980.00 EUR
"""


def sh(args, cwd, env=None, check=True, timeout=120):
    e = dict(os.environ)
    e.update(GIT_ENV)
    if env:
        e.update(env)
    r = subprocess.run(args, cwd=cwd, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(args), r.returncode, r.stderr.decode(errors="replace")))
    return r


def make_books(path):
    """A small books repository: four customers, six invoices (two with a PDF copy), a payment, two history records."""
    os.makedirs(path)
    shutil.copy(os.path.join(ROOT, "ledger-example", "relance.toml"), os.path.join(path, "relance.toml"))
    for name, text in [("customers.books", CUSTOMERS), ("invoices.books", INVOICES), ("payments.books", PAYMENTS),
                       ("history/2026.books", HISTORY)]:
        os.makedirs(os.path.dirname(os.path.join(path, name)), exist_ok=True)
        with open(os.path.join(path, name), "w") as f:
            f.write(text)
    os.makedirs(os.path.join(path, "documents"))
    pdf = os.path.join(ROOT, "ledger-example", "documents", "F2026-022.pdf")
    for n in ("F2026-002", "F2026-003"):
        shutil.copy(pdf, os.path.join(path, "documents", n + ".pdf"))
    sh(["git", "init", "--quiet", "--initial-branch=main"], path)
    sh(["git", "config", "user.name", "Claire Martin"], path)
    sh(["git", "config", "user.email", "claire@claire-martin.example"], path)
    sh(["git", "config", "commit.gpgsign", "false"], path)
    sh(["git", "add", "-A"], path)
    sh(["git", "commit", "--quiet", "-m", "books"], path)


def relance_env(books):
    return {"HOME": books, "RELANCE_BOOKS": ""}


def run_args(relance, books):
    return [relance, "run", "--books", books, "--as-of", AS_OF]


def workdir_files(path):
    out = {}
    for dirpath, dirnames, filenames in os.walk(path):
        if ".git" in dirnames:
            dirnames.remove(".git")
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, path)
            with open(full, "rb") as f:
                out[rel] = f.read()
    return out


def state(books):
    """What a finished run leaves, to compare with the reference."""
    return {
        "tree": sh(["git", "rev-parse", "HEAD^{tree}"], books).stdout.decode().strip(),
        "commits": int(sh(["git", "rev-list", "--count", "HEAD"], books).stdout.decode().strip()),
        "files": workdir_files(books),
    }


def problems_after_recovery(books, reference, next_run):
    out = []
    if next_run.returncode != 0:
        out.append("next run exited %d: %s" % (next_run.returncode, next_run.stderr.decode(errors="replace").strip()[:400]))
        return out
    s = state(books)
    if s["tree"] != reference["tree"]:
        out.append("tree %s differs from the uninterrupted run's %s" % (s["tree"][:12], reference["tree"][:12]))
    if s["commits"] != reference["commits"]:
        out.append("%d commits, the uninterrupted run has %d" % (s["commits"], reference["commits"]))
    if set(s["files"]) != set(reference["files"]):
        extra = sorted(set(s["files"]) - set(reference["files"]))
        missing = sorted(set(reference["files"]) - set(s["files"]))
        out.append("files differ: extra %s, missing %s" % (extra, missing))
    else:
        changed = [p for p in s["files"] if s["files"][p] != reference["files"][p] and not p.startswith("reminders/")]
        if changed:
            out.append("files differ in content: %s" % changed)
    status = sh(["git", "status", "--porcelain", "--untracked-files=all"], books).stdout.decode()
    if status.strip():
        out.append("git status not clean: %s" % status.strip().replace("\n", " | "))
    fsck = sh(["git", "fsck", "--strict", "--no-progress"], books, check=False)
    text = (fsck.stdout + fsck.stderr).decode(errors="replace")
    bad = [l for l in text.splitlines() if l and not l.startswith("dangling ")]
    if fsck.returncode != 0 or bad:
        out.append("git fsck: %s" % " | ".join(bad)[:400])
    for name in ["relance-batch.json", "relance.lock", "index.lock", "refs/heads/main.lock", "HEAD.lock"]:
        if os.path.exists(os.path.join(books, ".git", name)):
            out.append(".git/%s left" % name)
    history = s["files"].get("history/2026.books", b"").decode(errors="replace")
    ids = re.findall(r"^\d{4}-\d\d-\d\d reminder (\S+)", history, re.M)
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        out.append("history lines doubled: %s" % doubled)
    return out


def count_points(relance, template, work):
    """Per system call, the most calls made by one thread of a clean run (strace counts per thread)."""
    books = os.path.join(work, "count")
    shutil.copytree(template, books, symlinks=True)
    trace = os.path.join(work, "trace.txt")
    sh(["strace", "-f", "-o", trace, "-e", "trace=" + ",".join(SYSCALLS)] + run_args(relance, books), books,
       env=relance_env(books))
    counts = {}
    with open(trace, errors="replace") as f:
        for line in f:
            m = re.match(r"(\d+)\s+(?:<\.\.\. )?(\w+)[( ]", line)
            if not m or m.group(2) not in SYSCALLS or "resumed>" in line:
                continue
            key = (m.group(2), m.group(1))
            counts[key] = counts.get(key, 0) + 1
    best = {}
    for (name, _pid), n in counts.items():
        best[name] = max(best.get(name, 0), n)
    shutil.rmtree(books)
    return best


def inject(relance, books, name, n):
    return sh(["strace", "-f", "-o", "/dev/null", "-e", "trace=" + name,
               "-e", "inject=%s:signal=KILL:when=%d" % (name, n)] + run_args(relance, books),
              books, env=relance_env(books), check=False)


def try_point(relance, template, work, reference, label, kill, then=None):
    books = os.path.join(work, "books")
    if os.path.exists(books):
        shutil.rmtree(books)
    shutil.copytree(template, books, symlinks=True)
    killed = kill(books)
    fired = killed.returncode != 0
    if then:
        then(books)  # the recovering run killed in turn
    next_run = sh(run_args(relance, books), books, env=relance_env(books), check=False)
    problems = problems_after_recovery(books, reference, next_run)
    return fired, problems, books


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--relance", default=os.path.join(ROOT, ".build", "debug", "relance"))
    parser.add_argument("--points", type=int, default=60, help="fault-injection kill points to try (default 60)")
    parser.add_argument("--random-kills", type=int, default=10, help="random kill -9 during a run (default 10)")
    parser.add_argument("--double-kills", type=int, default=5,
                        help="kill points followed by a kill of the recovering run (default 5)")
    parser.add_argument("--full", action="store_true", help="every kill point of every system call")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="keep the repository of the first failure")
    args = parser.parse_args()
    if shutil.which("strace") is None:
        print("crash harness: strace is not installed (apt-get install strace)", file=sys.stderr)
        return 2
    relance = os.path.abspath(args.relance)
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="relance-crash-")
    started = time.time()
    try:
        template = os.path.join(work, "template")
        make_books(template)
        ref_books = os.path.join(work, "reference")
        shutil.copytree(template, ref_books, symlinks=True)
        t0 = time.time()
        r = sh(run_args(relance, ref_books), ref_books, env=relance_env(ref_books), check=False)
        run_time = time.time() - t0
        if r.returncode != 0:
            print("crash harness: the uninterrupted run failed: %s" % r.stderr.decode(errors="replace"), file=sys.stderr)
            return 1
        reference = state(ref_books)
        written = sorted(p for p in reference["files"] if p.startswith("reminders/"))
        print("uninterrupted run: %d documents, tree %s, %.2f s" % (len(written), reference["tree"][:12], run_time))

        counts = count_points(relance, template, work)
        points = [(name, n) for name in SYSCALLS for n in range(1, counts.get(name, 0) + 1)]
        print("kill points: %d (%s)" % (len(points), ", ".join("%s %d" % (k, counts[k]) for k in SYSCALLS if counts.get(k))))
        if args.full or args.points >= len(points):
            chosen = points
        else:
            # Every point of the calls that make a step durable (sync, rename, link) first, then a seeded draw of the others.
            durable = [p for p in points if p[0] in ("fsync", "fdatasync", "rename", "renameat", "renameat2", "link", "linkat")]
            first = durable[:args.points]
            others = [p for p in points if p not in first]
            chosen = sorted(first + rng.sample(others, args.points - len(first)), key=lambda p: (SYSCALLS.index(p[0]), p[1]))
        tried = fired = recovered = 0
        failures = []
        for name, n in chosen:
            did_fire, problems, books = try_point(relance, template, work, reference, "%s:%d" % (name, n),
                                                  lambda books, name=name, n=n: inject(relance, books, name, n))
            tried += 1
            fired += did_fire
            if problems:
                failures.append(("inject %s when=%d" % (name, n), problems))
                if args.keep and len(failures) == 1:
                    os.rename(books, books + "-failed")
                    print("kept: %s-failed" % books)
            else:
                recovered += 1

        for k in range(args.random_kills):
            delay = rng.uniform(0, run_time * 1.1)

            def random_kill(books, delay=delay):
                e = dict(os.environ)
                e.update(GIT_ENV)
                e.update(relance_env(books))
                p = subprocess.Popen(run_args(relance, books), cwd=books, env=e, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
                time.sleep(delay)
                try:
                    p.send_signal(signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
                return subprocess.CompletedProcess(p.args, p.returncode)
            did_fire, problems, books = try_point(relance, template, work, reference, "kill", random_kill)
            tried += 1
            fired += did_fire
            if problems:
                failures.append(("kill -9 after %.3f s" % delay, problems))
            else:
                recovered += 1

        # A kill, then the run that recovers from it killed as well: recovery must itself survive a crash.
        heavy = [p for p in points if p[0] not in ("openat", "close")]
        for k in range(args.double_kills):
            first = rng.choice(heavy)
            second = (rng.choice(["openat", "write", "fsync", "rename", "unlink", "link", "close"]), rng.randint(1, 40))
            did_fire, problems, books = try_point(
                relance, template, work, reference, "double",
                lambda books, p=first: inject(relance, books, p[0], p[1]),
                then=lambda books, p=second: inject(relance, books, p[0], p[1]))
            tried += 1
            fired += did_fire
            if problems:
                failures.append(("inject %s when=%d, then the recovering run %s when=%d" % (first + second), problems))
            else:
                recovered += 1

        for what, problems in failures:
            print("FAILED %s:" % what)
            for p in problems:
                print("  - " + p)
        print("crash harness: %d kill points tried (%d killed the run), %d recovered, %d failed (%.0f s)"
              % (tried, fired, recovered, len(failures), time.time() - started))
        return 1 if failures else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
