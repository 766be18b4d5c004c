#!/usr/bin/env python3
"""End-to-end test of `relance serve` in a real headless Chromium (Selenium + chromium-driver).

On a git copy of ledger-example/ whose relance.toml sends through a real SMTP server on the loopback
(Tests/DeliveryTests/smtp_server.py): the overview shows the totals of `relance status --format json`; on the
reminders screen one invoice is unticked, another's level is changed in its drop-down, and the button pressed;
git must then hold exactly one new reminders commit with the ticked invoices' `Invoice:` trailers and not the
unticked one, the changed level in its trailers and history (`manual level`), and the SMTP server must have
received exactly the e-mails of that commit; a second press makes nothing.
A screenshot of each page is saved (RELANCE_SHOTS, default a temporary folder).

Usage: python3 Tests/browser/serve_test.py [path/to/relance]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISOLATION = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C.UTF-8", "TZ": "UTC"}
AS_OF = "2026-11-22"


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message)


def run(args, cwd, **kw):
    env = dict(os.environ, **ISOLATION)
    return subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True, text=True, **kw).stdout


def smtp_server(outdir):
    """The delivery tests' SMTP server, plain and without AUTH on 127.0.0.1; returns (process, port)."""
    os.makedirs(outdir)
    p = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "DeliveryTests", "smtp_server.py"), "--outdir", outdir,
                          "--mode", "plain", "--no-auth"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline().strip()
    if not line.startswith("READY "):
        p.kill()
        fail("the SMTP server did not start (is aiosmtpd installed? .ci/setup installs it): " + line)
    return p, int(line.split()[1])


def received(outdir):
    """The bytes of each message the SMTP server accepted."""
    out = []
    for name in sorted(os.listdir(outdir)):
        if name.endswith(".eml"):
            with open(os.path.join(outdir, name), "rb") as f:
                out.append(f.read())
    return out


def git_copy(tmp, smtp_port):
    books = os.path.join(tmp, "books")
    shutil.copytree(os.path.join(ROOT, "ledger-example"), books)
    with open(os.path.join(books, "relance.toml"), "a") as f:
        f.write('\n[smtp]\nhost = "127.0.0.1"\nport = %d\nsecurity = "none"\n' % smtp_port)
    for args in (["init", "--quiet", "--initial-branch=main"], ["config", "user.name", "Claire Martin"],
                 ["config", "user.email", "claire@claire-martin.example"], ["config", "commit.gpgsign", "false"],
                 ["add", "-A"], ["commit", "--quiet", "-m", "books"]):
        run(["git"] + args, books)
    return books


def amount(text):
    """'35 451,44 €' (French) or '12,345.60 EUR' -> Decimal-like string '35451.44'."""
    t = re.sub(r"[^\d,.\-−]", "", text).replace("−", "-")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    else:
        t = t.replace(",", "")
    return t


def main():
    relance = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "relance")
    shots = os.environ.get("RELANCE_SHOTS") or tempfile.mkdtemp(prefix="relance-shots-")
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="relance-browser-")
    outbox = os.path.join(tmp, "received")
    smtp, smtp_port = smtp_server(outbox)
    server = driver = None
    try:
        books = git_copy(tmp, smtp_port)
        server = subprocess.Popen([relance, "serve", "--books", books, "--port", "0", "--as-of", AS_OF],
                                  cwd=books, env=dict(os.environ, **ISOLATION), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = server.stdout.readline().strip()
        check(re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{32}", url) is not None, "first line is the URL with its token: " + url)
        base = url.split("/?")[0]

        options = Options()
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1360,1000"):
            options.add_argument(a)
        if os.path.exists("/usr/bin/chromium"):
            options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)

        def message_after(click):
            """Clicks, then waits for the new page's message and returns its text."""
            old = driver.find_element(By.TAG_NAME, "html")
            click()
            WebDriverWait(driver, 60).until(lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)
            return WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: d.find_element(By.CSS_SELECTOR, ".message").text)

        def shot(name):
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1360, min(max(height, 700), 3000))
            path = os.path.join(shots, name + ".png")
            driver.save_screenshot(path)
            driver.set_window_size(1360, 1000)
            print("screenshot: " + path)

        # Without the token: refused.
        driver.get(base + "/")
        check("forbidden" in driver.find_element(By.TAG_NAME, "body").text, "a page without the token is refused")

        # The overview: the totals shown are those of `relance status --format json`.
        driver.get(url)
        check(driver.current_url == base + "/", "the token is kept in a cookie and leaves the address bar")
        status = json.loads(run([relance, "status", "--books", books, "--as-of", AS_OF, "--format", "json"], books))
        cards = {c.get_attribute("data-currency"): c for c in driver.find_elements(By.CSS_SELECTOR, ".card[data-currency]")}
        check(set(cards) == {t["currency"] for t in status["totals"]}, "one card per currency of status: %s" % sorted(cards))
        for t in status["totals"]:
            shown = cards[t["currency"]].find_element(By.CSS_SELECTOR, ".big").text
            check(amount(shown) == t["outstanding"], "%s owed shown %r = status %s" % (t["currency"], shown, t["outstanding"]))
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg.aging rect")) > 5, "the aged balance chart is drawn")
        shot("overview")

        driver.get(base + "/invoices?sort=outstanding&dir=desc")
        shot("invoices")
        first = driver.find_element(By.CSS_SELECTOR, "#status tbody tr").get_attribute("data-invoice")
        driver.get(base + "/customers/ecole-gerland")
        shot("customer")
        driver.get(base + "/history")
        shot("history")

        # The reminders screen: untick one invoice, choose another level for another one, press the button.
        driver.get(base + "/reminders")
        shot("reminders")
        boxes = driver.find_elements(By.CSS_SELECTOR, "#plan tbody input[type=checkbox]")
        check(len(boxes) >= 3 and all(b.is_selected() for b in boxes), "%d invoices, all ticked by default" % len(boxes))
        numbers = [b.get_attribute("value") for b in boxes]
        unticked = numbers[1]
        boxes[1].click()
        ticked = [n for n in numbers if n != unticked]

        # The channel shortcuts: all by letter, then all by e-mail (not where the customer has no address).
        channels = driver.find_elements(By.CSS_SELECTOR, "#plan select.channel")
        shown = [Select(c).first_selected_option.get_attribute("value") for c in channels]
        driver.find_element(By.CSS_SELECTOR, '[data-all-channel="letter"]').click()
        check(all(Select(c).first_selected_option.get_attribute("value") == "letter" for c in channels), "\"all by letter\" sets every channel")
        driver.find_element(By.CSS_SELECTOR, '[data-all-channel="email"]').click()
        after_email = [Select(c).first_selected_option.get_attribute("value") for c in channels]
        no_email = [c for c in channels if not c.find_element(By.CSS_SELECTOR, 'option[value="email"]').is_enabled()]
        check(no_email and all(Select(c).first_selected_option.get_attribute("value") == "letter" for c in no_email),
              "\"all by e-mail\" leaves the letter where the customer has no e-mail address (%d)" % len(no_email))
        check(after_email == shown, "and gives back the channels proposed")
        # Each level drop-down offers the levels of the policy (those `remind --level N --force` refuses shown, not offered).
        policy_levels = len(re.findall(r"^\[\[dunning\.level\]\]", open(os.path.join(books, "relance.toml")).read(), re.M))
        selects = {n: Select(driver.find_element(By.NAME, "level-" + n)) for n in numbers}
        check(all(len(s.options) == policy_levels for s in selects.values()), "every level drop-down lists the %d levels of the policy" % policy_levels)
        changed, proposed, level = None, None, None
        for n in ticked:
            current = int(selects[n].first_selected_option.get_attribute("value"))
            higher = [int(o.get_attribute("value")) for o in selects[n].options if o.is_enabled() and int(o.get_attribute("value")) > current]
            if higher:
                changed, proposed, level = n, current, higher[0]
                break
        check(changed is not None, "an invoice may be taken past its proposed level")
        selects[changed].select_by_value(str(level))
        row = driver.find_element(By.CSS_SELECTOR, 'tr[data-invoice="%s"]' % changed)
        check("byhand" in row.get_attribute("class"), "%s: level %d chosen instead of %d is marked as chosen by hand" % (changed, level, proposed))
        follows = selects[changed].first_selected_option.get_attribute("data-channel")
        channel = Select(row.find_element(By.CSS_SELECTOR, "select.channel")).first_selected_option.get_attribute("value")
        check(channel == follows, "and its channel follows the level's (%s)" % channel)

        shot("reminders-chosen")

        before = int(run(["git", "rev-list", "--count", "HEAD"], books))
        said = message_after(lambda: driver.find_element(By.ID, "write").click())
        shot("after-run")
        check("Committed" in said, "the page says what run said: " + said.splitlines()[-1])
        after = int(run(["git", "rev-list", "--count", "HEAD"], books))
        new = run(["git", "log", "--format=%H", "HEAD~%d..HEAD" % (after - before)], books).split()
        written = [c for c in new if "Reminder: " in run(["git", "log", "-1", "--format=%B", c], books)]
        check(len(written) == 1, "exactly one reminders commit made (%d commits: reminders, then deliveries)" % len(new))
        body = run(["git", "log", "-1", "--format=%B", written[0]], books)
        trailers = set(re.findall(r"^Invoice: (\S+)$", body, re.M))
        check(trailers == set(ticked), "the commit's Invoice: trailers are the ticked invoices (%d)" % len(ticked))
        check(unticked not in trailers, "and not the unticked one (%s)" % unticked)
        block = re.search(r"^Reminder: (\S+)\nCustomer: \S+\nLevel: (\d+)\n(?:Invoice: \S+\n)*?Invoice: %s$" % re.escape(changed), body, re.M)
        check(block is not None and int(block.group(2)) == level, "the trailers give %s level %d" % (changed, level))
        history = run(["git", "show", "%s:history/2026.books" % written[0]], books)
        record = next(r for r in history.split("\n\n") if (" reminder %s " % block.group(1)) in r.splitlines()[0])
        check(re.search(r"^  level +%d$" % level, record, re.M) and re.search(r"^  manual +level$", record, re.M),
              "history records %s at level %d, chosen by hand (manual level)" % (block.group(1), level))
        status_lines = run(["git", "status", "--porcelain"], books)
        check(status_lines.strip() == "", "nothing left uncommitted")

        # The SMTP server received exactly the e-mails of the ticked reminders, as committed.
        files = run(["git", "show", "--name-only", "--format=", written[0]], books).split()
        emails = sorted(subprocess.run(["git", "show", "%s:%s" % (written[0], f)], cwd=books, capture_output=True, check=True).stdout
                        for f in files if f.endswith(".eml"))
        got = received(outbox)
        check(len(emails) > 0 and sorted(got) == emails, "the SMTP server received exactly the %d e-mails of the commit" % len(emails))

        # A second press: nothing more is due for the same selection, nothing is written.
        text = message_after(lambda: driver.find_element(By.ID, "write").click())
        check(int(run(["git", "rev-list", "--count", "HEAD"], books)) == after, "a second press makes no commit (" + text.splitlines()[-1] + ")")
        check(len(received(outbox)) == len(emails), "and sends nothing more")

        # The new reminders show in the history, with links.
        driver.get(base + "/history")
        links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#history a") if a.text.startswith("R2026-")]
        check(len(links) >= len(ticked), "the history lists the new reminders")
        shot("history-after")
        print("PASS: relance serve in Chromium (largest open invoice %s); screenshots in %s" % (first, shots))
    finally:
        if driver is not None:
            driver.quit()
        for p in (q for q in (server, smtp) if q is not None):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
