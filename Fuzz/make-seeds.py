#!/usr/bin/env python3
"""Rebuilds Fuzz/Seeds/: the example books, relance.toml and built-in templates, and the multi-line
texts of the tests that look like books, relance.toml or templates. Run from anywhere."""
import hashlib, os, re, glob

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
seeds = os.path.join(root, "Fuzz", "Seeds")

def put(kind, text):
    data = text.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()[:16]
    os.makedirs(os.path.join(seeds, kind), exist_ok=True)
    with open(os.path.join(seeds, kind, name), "wb") as f:
        f.write(data)

def literals(path):
    """Swift multi-line string literals without interpolation, indentation removed."""
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', text, re.S):
        body, indent = m.group(1), m.group(2)
        if "\\(" in body:
            continue
        lines = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in body.split("\n")]
        yield "\n".join(lines) + "\n"

for path in glob.glob(os.path.join(root, "ledger-example", "**", "*.books"), recursive=True):
    put("books", open(path, encoding="utf-8").read())
put("toml", open(os.path.join(root, "ledger-example", "relance.toml"), encoding="utf-8").read())
for path in glob.glob(os.path.join(root, "Sources", "Documents", "Templates", "*.swift")):
    for t in literals(path):
        put("template", t)
for path in glob.glob(os.path.join(root, "Tests", "**", "*.swift"), recursive=True):
    for t in literals(path):
        if re.search(r"^(customer|invoice|payment|credit|hold|release|writeoff|reminder) ", t, re.M):
            put("books", t)
        elif re.search(r"^\[+[a-z]", t, re.M):
            put("toml", t)
        elif "{{" in t:
            put("template", t)
