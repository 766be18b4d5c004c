#!/usr/bin/env python3
"""Independent re-implementation of the allocation rules of docs/format.md.

Reads a books folder and prints, as of a date, every open invoice with its
outstanding and every customer credit, as JSON (same shape as
`relance status --format json`). Used to cross-check the Swift engine:

    python3 bench/check_example.py BOOKS [--as-of YYYY-MM-DD] [--compare relance.json]

With --compare, the JSON written by `relance status --format json` is read and
compared item by item (outstanding per invoice, credit per customer and
currency, totals per currency); exit status 1 on any difference.

Errors in the books (per docs/format.md) are printed on stderr as
`file:line: error: ...` and the exit status is 65. Stdlib only.
"""

import argparse
import datetime as dt
import json
import os
import re
import sys
import tomllib
from decimal import Decimal

# ISO 4217 minor units; every other well-formed code has 2.
DECIMALS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
AMOUNT_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
KIND_RANK = {"invoice": 0, "credit": 1, "payment": 2, "writeoff": 3}


class BooksError(Exception):
    pass


# --------------------------------------------------------------------------- lexing

def split_words(text, where):
    """Words of one line: quotes, escapes, `;` comments. Returns [(word, quoted)]."""
    words, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            i += 1
        elif c == ";" and (i == 0 or text[i - 1] in " \t"):
            break
        elif c == '"':
            i += 1
            buf = []
            while True:
                if i >= n:
                    raise BooksError(f"{where}: error: unterminated quote")
                c = text[i]
                if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    buf.append(text[i + 1])
                    i += 2
                elif c == '"':
                    i += 1
                    break
                else:
                    buf.append(c)
                    i += 1
            if i < n and text[i] not in " \t":
                raise BooksError(f"{where}: error: text right after a closing quote")
            words.append(("".join(buf), True))
        else:
            j = i
            while j < n and text[j] not in " \t":
                if text[j] == '"':
                    raise BooksError(f"{where}: error: quote inside a word")
                j += 1
            words.append((text[i:j], False))
            i = j
    return words


def read_records(root):
    """Yield (where, header words, [(where, key, values)]) for every record."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if f.endswith(".books"):
                paths.append(os.path.join(dirpath, f))
    for path in sorted(paths, key=lambda p: os.path.relpath(p, root)):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as fh:
            current = None
            for lineno, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                where = f"{rel}:{lineno}"
                words = split_words(line, where)
                if not words:
                    continue
                if line[0] in " \t":
                    if current is None:
                        raise BooksError(f"{where}: error: indented line outside a record")
                    current[2].append((where, words[0][0], words[1:]))
                else:
                    if current is not None:
                        yield current
                    current = (where, words, [])
            if current is not None:
                yield current


# --------------------------------------------------------------------------- values

def parse_date(s, where):
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", s):
        raise BooksError(f"{where}: error: bad date {s!r}")
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise BooksError(f"{where}: error: not a calendar day {s!r}")


def parse_currency(s, where):
    if not CURRENCY_RE.match(s):
        raise BooksError(f"{where}: error: bad currency {s!r}")
    return s


def parse_amount(s, currency, where):
    """Amount as an integer of minor units."""
    if not AMOUNT_RE.match(s):
        raise BooksError(f"{where}: error: bad amount {s!r}")
    d = DECIMALS.get(currency, 2)
    if "." in s and len(s.split(".")[1]) > d:
        raise BooksError(f"{where}: error: {currency} has {d} decimals: {s!r}")
    v = int(Decimal(s) * (10 ** d))
    if v <= 0:
        raise BooksError(f"{where}: error: amount must be strictly positive")
    return v


def fmt(minor, currency):
    d = DECIMALS.get(currency, 2)
    v = Decimal(minor).scaleb(-d)
    return f"{v:.{d}f}"


def parse_id(s, where):
    if not ID_RE.match(s):
        raise BooksError(f"{where}: error: bad identifier {s!r}")
    return s


def plain(words):
    return [w for w, _ in words]


# --------------------------------------------------------------------------- books

class Books:
    def __init__(self, root):
        self.root = root
        self.terms = 30
        toml_path = os.path.join(root, "relance.toml")
        if os.path.exists(toml_path):
            with open(toml_path, "rb") as fh:
                conf = tomllib.load(fh)
            self.terms = int(conf.get("company", {}).get("terms", 30))
        self.customers = {}   # id -> dict
        self.invoices = {}    # number -> dict
        self.credits = {}     # number -> dict
        self.payments = []
        self.writeoffs = []
        self.holds = []       # (date, target, until)
        self.releases = []    # (date, target)
        self.errors = []
        self.warnings = []
        for where, header, body in read_records(root):
            try:
                self.record(where, header, body)
            except BooksError as e:
                self.errors.append(str(e))
        self.resolve()

    def record(self, where, header, body):
        h = plain(header)
        if h[0] == "customer":
            if len(h) != 2:
                raise BooksError(f"{where}: error: expected `customer ID`")
            cid = parse_id(h[1], where)
            if cid in self.customers:
                raise BooksError(f"{where}: error: duplicate customer {cid}")
            c = {"id": cid, "terms": None, "where": where}
            for w, key, vals in body:
                v = plain(vals)
                if key in ("email", "address", "cc"):
                    c.setdefault(key, []).append(" ".join(v))
                elif key == "terms":
                    if len(v) != 1 or not v[0].isdigit():
                        raise BooksError(f"{w}: error: terms is a number of days")
                    c["terms"] = int(v[0])
                elif key in ("name", "lang", "kind", "group", "phone", "vat",
                             "channel", "dunning", "note"):
                    if len(v) != 1:
                        raise BooksError(f"{w}: error: {key} takes one value (quote it)")
                    c[key] = v[0]
                else:
                    raise BooksError(f"{w}: error: unknown key {key!r} in customer")
            if "name" not in c:
                raise BooksError(f"{where}: error: customer {cid} has no name")
            self.customers[cid] = c
            return
        if len(h) < 2:
            raise BooksError(f"{where}: error: incomplete record")
        date = parse_date(h[0], where)
        kind = h[1]
        args = h[2:]
        if kind == "invoice":
            if len(args) not in (2, 4):
                raise BooksError(f"{where}: error: expected DATE invoice NUMBER CUSTOMER [AMOUNT CURRENCY]")
            inv = {"kind": "invoice", "date": date, "number": parse_id(args[0], where),
                   "customer": parse_id(args[1], where), "where": where, "due": None,
                   "amount": None, "currency": None}
            if len(args) == 4:
                inv["currency"] = parse_currency(args[3], where)
                inv["amount"] = parse_amount(args[2], inv["currency"], where)
            for w, key, vals in body:
                v = plain(vals)
                if key == "amount":
                    if inv["amount"] is not None or len(v) != 2:
                        raise BooksError(f"{w}: error: exactly one amount per invoice")
                    inv["currency"] = parse_currency(v[1], w)
                    inv["amount"] = parse_amount(v[0], inv["currency"], w)
                elif key == "due":
                    inv["due"] = parse_date(v[0], w) if len(v) == 1 else None
                    if inv["due"] is None:
                        raise BooksError(f"{w}: error: due takes one date")
                    if inv["due"] < date:
                        raise BooksError(f"{w}: error: due date before the invoice date")
                elif key == "file":
                    if len(v) != 1:
                        raise BooksError(f"{w}: error: file takes one path")
                    if not os.path.isfile(os.path.join(self.root, v[0])):
                        self.errors.append(f"{w}: error: no such file {v[0]}")
                elif key in ("department", "ref", "note"):
                    if len(v) != 1:
                        raise BooksError(f"{w}: error: {key} takes one value (quote it)")
                else:
                    raise BooksError(f"{w}: error: unknown key {key!r} in invoice")
            if inv["amount"] is None:
                raise BooksError(f"{where}: error: invoice without amount")
            self.add_document(inv, where)
            self.invoices[inv["number"]] = inv
        elif kind in ("credit", "payment"):
            if kind == "credit":
                if len(args) != 4:
                    raise BooksError(f"{where}: error: expected DATE credit NUMBER CUSTOMER AMOUNT CURRENCY")
                number, args = parse_id(args[0], where), args[1:]
            else:
                if len(args) != 3:
                    raise BooksError(f"{where}: error: expected DATE payment CUSTOMER AMOUNT CURRENCY")
                number = None
            cur = parse_currency(args[2], where)
            rec = {"kind": kind, "date": date, "number": number,
                   "customer": parse_id(args[0], where), "currency": cur,
                   "amount": parse_amount(args[1], cur, where), "applies": [],
                   "ref": "", "where": where}
            for w, key, vals in body:
                v = plain(vals)
                if key == "apply":
                    if len(v) not in (1, 2):
                        raise BooksError(f"{w}: error: apply INVOICE [AMOUNT]")
                    amt = parse_amount(v[1], cur, w) if len(v) == 2 else None
                    rec["applies"].append((w, v[0], amt))
                elif key == "note" or (kind == "payment" and key in ("ref", "method")):
                    if len(v) != 1:
                        raise BooksError(f"{w}: error: {key} takes one value (quote it)")
                    if key == "ref":
                        rec["ref"] = v[0]
                else:
                    raise BooksError(f"{w}: error: unknown key {key!r} in {kind}")
            if kind == "credit":
                self.add_document(rec, where)
                self.credits[number] = rec
            else:
                self.payments.append(rec)
        elif kind == "writeoff":
            if len(args) not in (1, 2) or body:
                raise BooksError(f"{where}: error: expected DATE writeoff INVOICE [\"reason\"]")
            self.writeoffs.append({"kind": "writeoff", "date": date, "number": args[0],
                                   "where": where})
        elif kind == "hold":
            target, rest = args[0] if args else None, args[1:]
            if target is None:
                raise BooksError(f"{where}: error: hold TARGET [until DATE] [\"reason\"]")
            until = None
            if len(rest) >= 2 and rest[0] == "until" and not header[3][1]:
                until = parse_date(rest[1], where)
                rest = rest[2:]
            if len(rest) > 1 or body:
                raise BooksError(f"{where}: error: trailing text after hold")
            self.holds.append((date, target, until, where))
        elif kind == "release":
            if len(args) not in (1, 2) or body:
                raise BooksError(f"{where}: error: release TARGET [\"reason\"]")
            self.releases.append((date, args[0], where))
        elif kind in ("reminder", "delivered", "failed"):
            pass  # history: no effect on amounts
        else:
            raise BooksError(f"{where}: error: unknown record {kind!r}")

    def add_document(self, rec, where):
        n = rec["number"]
        if n in self.invoices or n in self.credits:
            raise BooksError(f"{where}: error: duplicate document number {n}")

    def resolve(self):
        for doc in list(self.invoices.values()) + list(self.credits.values()) + self.payments:
            c = self.customers.get(doc["customer"])
            if c is None:
                self.errors.append(f"{doc['where']}: error: unknown customer {doc['customer']}")
                continue
            if doc["kind"] == "invoice" and doc["due"] is None:
                terms = c["terms"] if c["terms"] is not None else self.terms
                doc["due"] = doc["date"] + dt.timedelta(days=terms)
        for h in self.holds + [(d, t, None, w) for d, t, w in self.releases]:
            date, target, _, where = h
            if target in self.invoices and target in self.customers:
                self.errors.append(f"{where}: error: {target} is both an invoice and a customer")
            elif target not in self.invoices and target not in self.customers:
                self.errors.append(f"{where}: error: unknown hold target {target}")

    # ----------------------------------------------------------------------- allocation

    def allocate(self, as_of):
        """Run the allocation rules up to as_of. Returns (left per invoice, credits)."""
        events = []
        for inv in self.invoices.values():
            if inv["date"] <= as_of and inv["customer"] in self.customers:
                events.append(inv)
        for cr in self.credits.values():
            if cr["date"] <= as_of and cr["customer"] in self.customers:
                events.append(cr)
        for p in self.payments:
            if p["date"] <= as_of and p["customer"] in self.customers:
                events.append(p)
        for w in self.writeoffs:
            if w["date"] <= as_of:
                events.append(w)

        def key(e):
            return (e["date"], KIND_RANK[e["kind"]], e.get("number") or "",
                    e.get("customer", ""), e.get("amount", 0), e.get("ref", ""))
        events.sort(key=key)

        left = {}        # number -> outstanding (minor units)
        closed = set()   # written off
        open_by = {}     # (customer, currency) -> [numbers] issued and not closed
        credit = {}      # (customer, currency) -> minor units
        for e in events:
            k = e["kind"]
            if k == "invoice":
                n, cc = e["number"], (e["customer"], e["currency"])
                left[n] = e["amount"]
                open_by.setdefault(cc, []).append(n)
                avail = credit.get(cc, 0)
                if avail:
                    take = min(avail, left[n])
                    left[n] -= take
                    credit[cc] = avail - take
            elif k == "writeoff":
                n = e["number"]
                if n not in self.invoices:
                    self.errors.append(f"{e['where']}: error: unknown invoice {n}")
                elif n not in left:
                    self.errors.append(f"{e['where']}: error: write-off before invoice {n}")
                elif n in closed:
                    self.errors.append(f"{e['where']}: error: {n} already written off")
                else:
                    left[n] = 0
                    closed.add(n)
            else:
                rest = e["amount"]
                for w, n, amt in e["applies"]:
                    inv = self.invoices.get(n)
                    if inv is None:
                        self.errors.append(f"{w}: error: unknown invoice {n}")
                        continue
                    if inv["currency"] != e["currency"]:
                        self.errors.append(f"{w}: error: {n} is in {inv['currency']}, not {e['currency']}")
                        continue
                    if inv["date"] > e["date"]:
                        self.errors.append(f"{w}: error: {n} is dated after this {k}")
                        continue
                    if inv["customer"] != e["customer"]:
                        self.warnings.append(f"{w}: warning: {n} belongs to {inv['customer']}")
                    a = amt if amt is not None else min(rest, left[n])
                    if a > rest:
                        self.errors.append(f"{w}: error: applies more than is left of the {k}")
                        continue
                    if a > left[n]:
                        self.errors.append(f"{w}: error: applies {fmt(a, inv['currency'])} to {n} "
                                           f"but only {fmt(left[n], inv['currency'])} is left")
                        continue
                    if a == 0:
                        self.warnings.append(f"{w}: warning: apply allocates nothing to {n}")
                    left[n] -= a
                    rest -= a
                cc = (e["customer"], e["currency"])
                if rest:
                    cands = [n for n in open_by.get(cc, ()) if left[n] > 0 and n not in closed
                             and self.invoices[n]["date"] <= e["date"]]
                    cands.sort(key=lambda n: (self.invoices[n]["due"], self.invoices[n]["date"], n))
                    for n in cands:
                        a = min(rest, left[n])
                        left[n] -= a
                        rest -= a
                        if not rest:
                            break
                if rest:
                    credit[cc] = credit.get(cc, 0) + rest
                # keep the open lists short
                if cc in open_by:
                    open_by[cc] = [n for n in open_by[cc] if left[n] > 0 and n not in closed]
        return left, credit

    def held(self, number, customer, as_of):
        for date, target, until, _ in self.holds:
            if target not in (number, customer) or date > as_of:
                continue
            if until is not None and as_of >= until:
                continue
            if any(t == target and date <= r <= as_of for r, t, _ in self.releases):
                continue
            return True
        return False

    def status(self, as_of):
        left, credit = self.allocate(as_of)
        items, totals = [], {}
        for n, out in left.items():
            if out <= 0:
                continue
            inv = self.invoices[n]
            cur, due = inv["currency"], inv["due"]
            late = (as_of - due).days
            if self.held(n, inv["customer"], as_of):
                state = "held"
            elif late > 0:
                state = "late"
            elif late == 0:
                state = "due"
            else:
                state = "not due"
            items.append({"number": n, "customer": inv["customer"],
                          "date": inv["date"].isoformat(), "due": due.isoformat(),
                          "amount": fmt(inv["amount"], cur), "outstanding": fmt(out, cur),
                          "currency": cur, "daysLate": max(late, 0), "state": state})
            t = totals.setdefault(cur, [0, 0])
            t[0] += inv["amount"]
            t[1] += out
        items.sort(key=lambda i: (i["due"], i["date"], i["number"]))
        for (cust, cur), v in sorted(credit.items()):
            if v:
                items.append({"number": None, "customer": cust, "amount": fmt(v, cur),
                              "outstanding": "-" + fmt(v, cur), "currency": cur,
                              "state": "credit"})
                totals.setdefault(cur, [0, 0])[1] -= v
        return {"asOf": as_of.isoformat(), "items": items,
                "totals": [{"currency": c, "amount": fmt(a, c),
                            "outstanding": ("-" + fmt(-o, c)) if o < 0 else fmt(o, c)}
                           for c, (a, o) in sorted(totals.items())]}


# --------------------------------------------------------------------------- compare

def compare(mine, theirs):
    """Differences between two status JSON documents (amounts as Decimal)."""
    def index(doc):
        inv, cred, tot = {}, {}, {}
        for it in doc.get("items", []):
            out = Decimal(str(it["outstanding"]))
            if it.get("state") == "credit":
                k = (it["customer"], it["currency"])
                cred[k] = cred.get(k, 0) + out
            else:
                inv[it["number"]] = (out, it["currency"])
        for t in doc.get("totals", []):
            tot[t["currency"]] = Decimal(str(t["outstanding"]))
        return inv, cred, tot
    diffs = []
    for name, a, b in zip(("invoice", "credit", "total"), index(mine), index(theirs)):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                diffs.append(f"{name} {k}: expected {a.get(k)}, relance says {b.get(k)}")
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("books")
    ap.add_argument("--as-of", default=dt.date.today().isoformat())
    ap.add_argument("--compare", metavar="RELANCE_JSON",
                    help="status JSON written by relance to compare with")
    ap.add_argument("--summary", action="store_true",
                    help="print counts and totals instead of the JSON")
    a = ap.parse_args()
    as_of = parse_date(a.as_of, "--as-of")
    try:
        books = Books(a.books)
        result = books.status(as_of)
    except BooksError as e:
        print(e, file=sys.stderr)
        return 65
    for w in books.warnings:
        print(w, file=sys.stderr)
    for e in books.errors:
        print(e, file=sys.stderr)
    if books.errors:
        return 65
    if a.compare:
        with open(a.compare, encoding="utf-8") as fh:
            theirs = json.load(fh)
        diffs = compare(result, theirs)
        for d in diffs:
            print("MISMATCH", d)
        print("OK" if not diffs else f"MISMATCH ({len(diffs)} differences)")
        return 1 if diffs else 0
    if a.summary:
        inv = [i for i in result["items"] if i["state"] != "credit"]
        print(f"customers {len(books.customers)}, invoices {len(books.invoices)}, "
              f"credit notes {len(books.credits)}, payments {len(books.payments)}, "
              f"write-offs {len(books.writeoffs)}, holds {len(books.holds)}")
        print(f"as of {result['asOf']}: {len(inv)} open invoices, "
              f"{len(result['items']) - len(inv)} customer credits")
        for t in result["totals"]:
            print(f"  {t['currency']}: outstanding {t['outstanding']}")
        return 0
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
