#!/usr/bin/env python3
"""Two relance binaries side by side: compare.py BEFORE AFTER [SIZES...] [--runs K]

For each size N (default 100000 1000000; books in bench/data/N, made by bench/generate.py
when missing) and each of `status --format json` and `aging`, runs BEFORE and AFTER
alternately K times (default 7), so that a change in the machine's load touches both
alike, checks that both print the same bytes, and prints a Markdown table: min and median
wall time, peak RSS, and the change of AFTER against BEFORE. Stdlib only.
"""

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import AS_OF, ensure_data, measure  # noqa: E402

COMMANDS = {
    "status": ["status", "--as-of", AS_OF, "--format", "json"],
    "aging": ["aging", "--as-of", AS_OF],
}


def output_digest(binary, args, directory):
    with tempfile.TemporaryFile() as out:
        subprocess.run([binary] + args + ["--books", directory], stdout=out, stderr=subprocess.DEVNULL, check=False)
        out.seek(0)
        return hashlib.sha256(out.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("sizes", nargs="*", type=int, default=[100000, 1000000])
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    binaries = [os.path.abspath(a.before), os.path.abspath(a.after)]
    print(f"| invoices | command | before min / median | after min / median | before RSS | after RSS | time | memory |")
    print("|---:|---|---|---|---:|---:|---:|---:|")
    failed = False
    for n in a.sizes:
        directory = ensure_data(n)
        for name, args in COMMANDS.items():
            argv = [args + ["--books", directory] for _ in binaries]
            if len({output_digest(b, args, directory) for b in binaries}) != 1:
                print(f"{n} {name}: the two binaries print different output", file=sys.stderr)
                failed = True
            walls = [[], []]
            rss = [0.0, 0.0]
            for _ in range(a.runs):
                for k, b in enumerate(binaries):
                    w, m, code = measure([b] + argv[k], directory)
                    walls[k].append(w)
                    rss[k] = max(rss[k], m)
            med = [statistics.median(w) for w in walls]
            low = [min(w) for w in walls]
            print(f"| {n:,} | {name} | {low[0]:.3f} / {med[0]:.3f} s | {low[1]:.3f} / {med[1]:.3f} s "
                  f"| {rss[0]:.0f} MB | {rss[1]:.0f} MB | {100 * (med[1] / med[0] - 1):+.1f} % "
                  f"| {100 * (rss[1] / rss[0] - 1):+.1f} % |", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
