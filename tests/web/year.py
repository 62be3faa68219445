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
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import Browser  # noqa: E402

from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

base, village, year, shots, axe_path = sys.argv[1:6]
B = Browser(shots, axe_path)
drv, ok, click_to, shot = B.drv, B.ok, B.click_to, B.shot
axe_scan, console_errors = B.axe_scan, B.console_errors


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
sys.exit(B.failed)
