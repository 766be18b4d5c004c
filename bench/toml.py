#!/usr/bin/env python3
"""The TOML reader reads in time linear in the size: toml.py [RELANCE] [--runs K]

Writes a relance.toml with a long string and N arrays of tables ([[x.t]]: a section
relance does not know, reported by `relance check` after the whole file is read), for
N = 20000, 80000 and 320000; then a [dunning] with N/10 rates of three errors each; and times `relance check` on each (min of K runs, default 5;
the exit status 65 is expected). Prints the times, the time per table and the ratios of
successive sizes (4 for linear time, 16 for quadratic). RELANCE defaults to .build/release/relance. Stdlib only.
"""

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402


SIZES = (20000, 80000, 320000)


def books(directory, n, kind):
    with open(os.path.join(directory, "relance.toml"), "w") as f:
        f.write('[company]\nname = "Bench"\ncurrency = "EUR"\nlanguage = "en"\n')
        if kind == "tables":
            f.write('[x]\nlong = "' + "x" * (20 * n) + '"\n')
            for k in range(n):
                f.write(f'[[x.t]]\nk{k} = "{k}"\n')
        else:
            # Three located errors per rate: each used to read the file again to find its line.
            f.write("[dunning]\n")
            for k in range(n // 10):
                f.write(f'\n[[dunning.rate]]\nfrom = "never"\nrate = "x"\nextra{k} = 1\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("relance", nargs="?", default=os.path.join(ROOT, ".build", "release", "relance"))
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    for kind in ("tables", "bad rates"):
        run(a, kind)


def run(a, kind):
    times = {}
    for n in SIZES:
        d = tempfile.mkdtemp(prefix="relance-toml-")
        try:
            books(d, n, kind)
            walls = []
            for _ in range(a.runs):
                t0 = time.perf_counter()
                subprocess.run([os.path.abspath(a.relance), "check", "--books", d], cwd=d,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                walls.append(time.perf_counter() - t0)
            count = n if kind == "tables" else n // 10
            times[count] = min(walls)
            print(f"{count:7d} {kind}: {times[count]:.3f} s ({1e6 * times[count] / count:.1f} µs each)")
        finally:
            shutil.rmtree(d, ignore_errors=True)
    print(", ".join(f"{b}/{a_}: {times[b] / times[a_]:.1f}x" for a_, b in zip(list(times), list(times)[1:])) + " (linear: 4x)")


if __name__ == "__main__":
    main()
