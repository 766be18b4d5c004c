#!/usr/bin/env python3
"""Benchmark relance against ledger and hledger on synthetic books.

    python3 bench/run.py [SIZES...] [--all] [--runs K] [--no-build] [--relance PATH]

For each size N (default 1000 10000 100000 1000000): generate the books once into
bench/data/N/ (bench/generate.py; skipped when present), build relance in release mode
once, then time whole processes, each several runs (median wall time, peak RSS):

    relance status --books DIR --as-of 2026-11-22 --format json > /dev/null
    relance aging  --books DIR --as-of 2026-11-22 > /dev/null
    ledger  -f journal.ledger bal > /dev/null
    hledger -f journal.ledger bal > /dev/null     (above 100k only with --all: slow)

and print a Markdown table with the ledger/relance ratios and PASS/FAIL against the
targets. Correctness: the total outstanding per currency of `relance status` must equal
the balance of Assets:Receivable in `ledger bal`; for sizes up to 10k, every open
invoice and credit is also compared with bench/check_example.py. Stdlib only.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data")
AS_OF = "2026-11-22"
DEFAULT_SIZES = [1000, 10000, 100000, 1000000]
# (size, max seconds for relance or None, min ratio ledger/relance or None, max MB)
TARGETS = {100000: (None, 10.0, 150), 1000000: (2.0, None, 1536)}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def ensure_data(n):
    """bench/data/N, generated once (written aside, then renamed: never half done)."""
    out = os.path.join(DATA, str(n))
    if os.path.exists(os.path.join(out, "journal.ledger")):
        return out
    tmp = out + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(DATA, exist_ok=True)
    log(f"generating {n} invoices into {os.path.relpath(out, ROOT)} ...")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(n), tmp], check=True)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    return out


def build():
    log("building relance (swift build -c release --product relance) ...")
    r = subprocess.run(["swift", "build", "-c", "release", "--product", "relance"], cwd=ROOT)
    binary = os.path.join(ROOT, ".build", "release", "relance")
    if r.returncode != 0 or not os.path.exists(binary):
        log("relance did not build: its columns are left empty")
        return None
    return binary


def measure(argv, cwd, timeout=None):
    """Run once, stdout to /dev/null. Returns (wall seconds, peak RSS in MB, exit status);
    a run longer than `timeout` seconds is stopped and reported with status None."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG if timeout else 0)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                p.kill()
                _, status, usage = os.wait4(p.pid, 0)
                rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
                log(f"  {' '.join(argv)}: stopped after {timeout:g} s")
                return timeout, rss, None
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            log(f"  {' '.join(argv)}: exit {p.returncode}: "
                f"{err.read().decode(errors='replace').strip()[:500]}")
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, rss, p.returncode


def bench(argv, cwd, runs, timeout=None):
    walls, rss, ok = [], 0.0, True
    for _ in range(runs):
        w, m, code = measure(argv, cwd, timeout)
        rss = max(rss, m)
        if code is None:
            # Stopped: one such run is enough to know.
            return {"wall": w, "rss": rss, "ok": False, "stopped": True}
        walls.append(w)
        ok = ok and code == 0
    return {"wall": statistics.median(walls), "rss": rss, "ok": ok}


AMOUNT = re.compile(r"(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s+([A-Z]{3})\b")


def ledger_receivable(directory, timeout=None):
    """Balance of Assets:Receivable per currency, from ledger (None if it takes over `timeout` s)."""
    try:
        out = subprocess.run(["ledger", "-f", "journal.ledger", "bal", "^Assets:Receivable",
                              "--depth", "2"], cwd=directory, capture_output=True, text=True,
                             check=True, timeout=timeout).stdout.splitlines()
    except subprocess.TimeoutExpired:
        return None
    dashes = [i for i, line in enumerate(out) if set(line.strip()) == {"-"}]
    if dashes:
        out = out[dashes[-1] + 1:]
    totals = {}
    for line in out:
        for amount, cur in AMOUNT.findall(line):
            totals[cur] = totals.get(cur, 0) + Decimal(amount.replace(",", ""))
    return totals


def relance_status(binary, directory):
    out = subprocess.run([binary, "status", "--books", directory, "--as-of", AS_OF,
                          "--format", "json"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"relance status exited {out.returncode}: {out.stderr.strip()[:500]}")
    return json.loads(out.stdout)


def cross_check(binary, directory, n, timeout=None):
    """Lines of OK/MISMATCH for one size."""
    lines = []
    ledger = ledger_receivable(directory, timeout)
    if ledger is None:
        return [f"{n}: not compared: ledger did not finish in {timeout:g} s"]
    try:
        doc = relance_status(binary, directory)
    except (RuntimeError, ValueError) as e:
        return [f"{n}: MISMATCH: {e}"]
    mine = {}
    for t in doc.get("totals", []):
        mine[t["currency"]] = mine.get(t["currency"], 0) + Decimal(str(t["outstanding"]))
    for cur in sorted(set(mine) | set(ledger)):
        a, b = mine.get(cur, Decimal(0)), ledger.get(cur, Decimal(0))
        lines.append(f"{n}: {'OK' if a == b else 'MISMATCH'} {cur}: relance {a}, ledger {b}")
    if n <= 10000:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(doc, f)
        r = subprocess.run([sys.executable, os.path.join(HERE, "check_example.py"), directory,
                            "--as-of", AS_OF, "--compare", f.name],
                           capture_output=True, text=True)
        os.unlink(f.name)
        last = (r.stdout.strip().splitlines() or ["no output"])[-1]
        lines.append(f"{n}: {'OK' if r.returncode == 0 else 'MISMATCH'} every open invoice and "
                     f"credit against bench/check_example.py ({last})")
        if r.returncode != 0:
            lines += ["    " + s for s in (r.stdout + r.stderr).strip().splitlines()[:20]]
    return lines


def fmt(m):
    if m is None:
        return "—"
    if m.get("stopped"):
        return f"stopped after {m['wall']:g} s (over {m['rss']:.0f} MB)"
    return f"{m['wall']:.3f} s, {m['rss']:.0f} MB" + ("" if m["ok"] else " (failed)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=DEFAULT_SIZES)
    ap.add_argument("--all", action="store_true", help="also run hledger above 100k invoices")
    ap.add_argument("--runs", type=int, help="runs per command (default 5, 3 above 100k)")
    ap.add_argument("--no-build", action="store_true", help="use the existing release binary")
    ap.add_argument("--relance", help="path of the relance binary (implies --no-build)")
    ap.add_argument("--timeout", type=float, default=600,
                    help="stop ledger or hledger after this many seconds (default 600)")
    a = ap.parse_args()

    missing = [t for t in ("ledger", "hledger") if shutil.which(t) is None]
    if missing:
        log(f"missing: {', '.join(missing)}. Install them with: apt-get install ledger hledger")
        return 2

    dirs = {n: ensure_data(n) for n in a.sizes}
    if a.relance:
        binary = os.path.abspath(a.relance)
    elif a.no_build:
        binary = os.path.join(ROOT, ".build", "release", "relance")
    else:
        binary = build()
    if binary and not os.path.exists(binary):
        log(f"no relance binary at {binary}: its columns are left empty")
        binary = None

    rows, verdicts, checks = [], [], []
    for n in a.sizes:
        d = dirs[n]
        runs = a.runs or (5 if n <= 100000 else 3)
        log(f"{n} invoices, {runs} runs per command ...")
        res = {}
        if binary:
            res["status"] = bench([binary, "status", "--books", d, "--as-of", AS_OF,
                                   "--format", "json"], d, runs)
            res["aging"] = bench([binary, "aging", "--books", d, "--as-of", AS_OF], d, runs)
        res["ledger"] = bench(["ledger", "-f", "journal.ledger", "bal"], d, runs, a.timeout)
        if n <= 100000 or a.all:
            res["hledger"] = bench(["hledger", "-f", "journal.ledger", "bal"], d, runs, a.timeout)
        ratio = "—"
        if "status" in res:
            # A stopped ledger run gives a lower bound of the ratio.
            more = "> " if res["ledger"].get("stopped") else ""
            ratio = f"{more}{res['ledger']['wall'] / res['status']['wall']:.1f}× / " \
                    f"{more}{res['ledger']['wall'] / res['aging']['wall']:.1f}×"
        rows.append(f"| {n:,} | {fmt(res.get('status'))} | {fmt(res.get('aging'))} | "
                    f"{fmt(res['ledger'])} | {fmt(res.get('hledger'))} | {ratio} |")
        if n in TARGETS:
            max_s, min_ratio, max_mb = TARGETS[n]
            goal = []
            if max_s:
                goal.append(f"≤ {max_s:g} s")
            if min_ratio:
                goal.append(f"≥ {min_ratio:g}× faster than ledger bal")
            goal.append(f"≤ {max_mb:g} MB")
            if not binary:
                verdicts.append(f"{n:,}: n/a (no relance binary); target {', '.join(goal)}")
            else:
                for cmd in ("status", "aging"):
                    m = res[cmd]
                    ok = m["ok"] and m["rss"] <= max_mb
                    ok = ok and (max_s is None or m["wall"] <= max_s)
                    ok = ok and (min_ratio is None or res["ledger"]["wall"] >= min_ratio * m["wall"])
                    verdicts.append(f"{n:,} relance {cmd}: {'PASS' if ok else 'FAIL'} "
                                    f"({m['wall']:.3f} s, {m['rss']:.0f} MB, "
                                    f"ledger/relance {res['ledger']['wall'] / m['wall']:.1f}×; "
                                    f"target {', '.join(goal)})")
        if binary:
            checks += cross_check(binary, d, n, a.timeout)

    print("| invoices | relance status | relance aging | ledger bal | hledger bal "
          "| ledger/relance (status / aging) |")
    print("|---:|---|---|---|---|---|")
    print("\n".join(rows))
    print("\nMedian wall time of whole processes and peak RSS (largest of the runs).\n")
    for v in verdicts:
        print(v)
    if checks:
        print()
        for c in checks:
            print(c)
    failed = any("FAIL" in v for v in verdicts) or any("MISMATCH" in c for c in checks)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
