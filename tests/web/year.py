#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""The yearly overview (/dorp/NAAM/JAAR) in a real browser: Debian's chromium, headless,
through chromedriver and python3-selenium (tests/integration/web_browser.sh starts the
daemon and runs tests/web/browser.py for the other pages first).

    year.py BASE_URL VILLAGE YEAR SHOTS_DIR AXE_JS

Reached from the front page by its link; renders with the stylesheet and its SVG charts
(no CSP refusals, no console errors); fits a phone; prints on A4; the language switch gives
English; screenshots at phone and desktop width go to SHOTS_DIR; axe-core (AXE_JS, "-" to
skip) finds no serious or critical violation. Prints "ok - …" / "not ok - …" lines."""
import base64
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, village, year, shots, axe_path = sys.argv[1:6]
failed = 0


def ok(cond, what, detail=""):
    global failed
    if cond:
        print("ok - " + what)
    else:
        failed = 1
        print("not ok - " + what)
        for line in str(detail).splitlines()[:15]:
            print("#   " + line)


opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--no-first-run", "--disable-extensions", "--force-device-scale-factor=1",
          "--lang=nl-NL"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
drv.set_page_load_timeout(60)
drv.set_script_timeout(120)
axe = open(axe_path).read() if axe_path != "-" else None


def click_to(elem):
    """Clicks a link and waits until the next page has loaded (see browser.py)."""
    old = drv.find_element(By.TAG_NAME, "html")
    elem.click()
    WebDriverWait(drv, 20).until(EC.staleness_of(old))
    WebDriverWait(drv, 20).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def shot(name, width):
    drv.set_window_size(width, 900)
    h = drv.execute_script("return document.documentElement.scrollHeight")
    drv.set_window_size(width, min(max(int(h) + 20, 600), 6000))
    drv.save_screenshot(os.path.join(shots, name))


def axe_scan(label):
    if axe is None:
        print("skip - axe-core scan of %s (axe-core is not installed)" % label)
        return
    drv.execute_script(axe)
    res = drv.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa', 'best-practice']}}).then(function (r) { done(JSON.stringify(r.violations)); })"
        ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}])); });")
    bad = [v for v in json.loads(res) if v.get("impact") in ("serious", "critical")]
    ok(not bad, "axe-core: no serious or critical violations on %s" % label,
       "\n".join("%s (%s): %s — %s" % (v["id"], v["impact"], v["help"],
                 "; ".join(n["html"][:80] for n in v["nodes"][:2])) for v in bad))


def console_errors():
    try:
        return [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:
        return []


drv.set_window_size(1280, 900)
drv.get(base + "/")
links = drv.find_elements(By.CSS_SELECTOR, "a[href='/dorp/%s/%s']" % (village, year))
ok(len(links) == 1, "the front page links to the yearly overview of %s %s" % (village, year),
   drv.find_element(By.TAG_NAME, "body").text[:400])
if links:
    click_to(links[0])
body = drv.find_element(By.TAG_NAME, "body").text
ok(drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl" and
   ("Jaaroverzicht %s: %s" % (year, village)) in body and "Kengetallen" in body and
   "Opkomst" in body and "€" in body, "the yearly overview renders in Dutch", body[:500])
svgs = drv.find_elements(By.CSS_SELECTOR, "svg.grafiek")
sizes = [(s.size["width"], s.size["height"]) for s in svgs]
ok(len(svgs) == 2 and all(w > 200 and h > 20 for w, h in sizes), "its two SVG charts render", sizes)
fill = drv.execute_script(
    "var r = document.querySelector('svg.grafiek rect.staaf');"
    "return r ? getComputedStyle(r).fill : '';")
bars = [r.size["width"] for r in drv.find_elements(By.CSS_SELECTOR, "svg.grafiek rect.staaf")]
ok(fill == "rgb(1, 104, 155)" and max(bars or [0]) > 50,
   "the chart bars take their colour from the stylesheet and have widths", (fill, bars))
errs = console_errors()
ok(not errs, "no console errors (no CSP refusals)", errs)
axe_scan("/dorp/%s/%s" % (village, year))
shot("jaaroverzicht-desktop.png", 1280)
shot("jaaroverzicht-telefoon.png", 390)
drv.set_window_size(390, 844)
sw = drv.execute_script("return document.documentElement.scrollWidth")
ok(sw <= 390, "the yearly overview fits a phone (390px, no sideways scrolling)", sw)
drv.set_window_size(1280, 900)
# Printing on A4: chromium's own print-to-PDF at A4 size, with the print stylesheet.
po = PrintOptions()
po.page_width = 21.0
po.page_height = 29.7
pdf = base64.b64decode(drv.print_page(po))
pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
ok(pdf.startswith(b"%PDF") and 1 <= pages <= 4, "it prints on A4 in a few pages", pages)
if os.environ.get("WEB_SCREENS"):
    open(os.path.join(shots, "jaaroverzicht-a4.pdf"), "wb").write(pdf)
# English with the site's switch.
click_to(drv.find_element(By.CSS_SELECTOR, "a.taal"))
body = drv.find_element(By.TAG_NAME, "body").text
ok(drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en" and
   ("Yearly overview %s: %s" % (year, village)) in body and "Indicators" in body,
   "the language switch gives the overview in English", body[:300])
axe_scan("/dorp/%s/%s?taal=en" % (village, year))
# An unknown village: a Dutch 404 page, not a crash.
drv.get(base + "/dorp/Nergenshuizen/%s" % year)
body = drv.find_element(By.TAG_NAME, "body").text
ok("Dit dorp kennen we niet" in body, "an unknown village shows a clear Dutch page", body[:300])
axe_scan("the yearly overview's 404 page")
drv.quit()
sys.exit(failed)
