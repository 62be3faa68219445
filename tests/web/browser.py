#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""The web site in a real browser: Debian's chromium, headless, driven by chromedriver
through python3-selenium (tests/integration/web_browser.sh starts the daemon).

    browser.py BASE_URL TALLIED_ROUND VOTING_ROUND RECEIPT BALLOT_HASH SHOTS_DIR AXE_JS DRAFT_ROUND

Pages render with our stylesheet, the receipt form works by typing and clicking, a typo
shows its error next to the field, screenshots at phone and desktop width go to SHOTS_DIR,
and axe-core (AXE_JS, from npm; "-" to skip) finds no serious or critical violation.
Prints "ok - …" / "not ok - …" lines."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import Browser  # noqa: E402

from selenium.webdriver.common.by import By

base, rt, rv, receipt, ballot, shots, axe_path, rd = sys.argv[1:9]
B = Browser(shots, axe_path)
drv, ok, click_to, shot = B.drv, B.ok, B.click_to, B.shot
axe_scan, console_errors = B.axe_scan, B.console_errors


def load(path):
    drv.get(base + path)
    return drv


drv.set_window_size(1280, 900)
# ---- pages render, with the stylesheet (no CSP refusals) ---------------------------------
load("/")
ok(drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl" and
   "Kantens" in drv.find_element(By.TAG_NAME, "body").text, "the front page renders in Dutch")
fs = drv.execute_script("return getComputedStyle(document.body).fontSize")
ok(fs == "18px", "the stylesheet applies: base text 18px", fs)
axe_scan("/")
shot("voorpagina-desktop.png", 1280)

load("/ronde/%s" % rt)
body = drv.find_element(By.TAG_NAME, "body").text
ok("De uitslag" in body and "gekozen" in body and "<script>" in body,
   "the result page renders; the hostile title shows as text", body[:400])
bars = drv.find_elements(By.CSS_SELECTOR, ".bar span")
widths = [b.size["width"] for b in bars]
ok(len(bars) >= 3 and max(widths) > 0, "the result bars have widths from the stylesheet", widths)
errs = console_errors()
ok(not errs, "no console errors (no CSP refusals)", errs)
axe_scan("/ronde/%s (result)" % rt)
shot("uitslag-desktop.png", 1280)
shot("uitslag-telefoon.png", 390)
drv.set_window_size(390, 844)
sw = drv.execute_script("return document.documentElement.scrollWidth")
ok(sw <= 390, "no sideways scrolling on a phone (390px)", sw)
drv.set_window_size(1280, 900)

load("/ronde/%s" % rv)
body = drv.find_element(By.TAG_NAME, "body").text
ok("Waar kunt u stemmen?" in body and "Opkomst" in body, "the voting page shows where to vote and turnout", body[:300])
axe_scan("/ronde/%s (voting)" % rv)
shot("stemmen-telefoon.png", 390)
drv.set_window_size(1280, 900)

# ---- the receipt form, by typing and clicking ----------------------------------------------
load("/ronde/%s/stembewijs" % rt)
axe_scan("/ronde/%s/stembewijs" % rt)
field = drv.find_element(By.ID, "stembewijs")
label = drv.find_element(By.CSS_SELECTOR, "label[for=stembewijs]")
ok(label.text.strip() != "", "the receipt field has a visible label", label.text)
# Tab from the skip link reaches the field before the button (focus order).
field.click()
field.send_keys(receipt[:1] + ("B" if receipt[1:2] == "A" else "A") + receipt[2:])  # a typo
click_to(drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
err = drv.find_elements(By.CSS_SELECTOR, ".foutmelding")
ok(err and "tikfout" in err[0].text and
   drv.find_element(By.ID, "stembewijs").get_attribute("aria-invalid") == "true",
   "a typo shows its error next to the field", drv.find_element(By.TAG_NAME, "body").text[:300])
axe_scan("the receipt form with an error")
shot("stembewijs-fout-telefoon.png", 390)
drv.set_window_size(1280, 900)
field = drv.find_element(By.ID, "stembewijs")
field.clear()
field.send_keys(receipt)
click_to(drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
body = drv.find_element(By.TAG_NAME, "body").text
ok("Uw stem is meegeteld." in body and ballot in body, "typing the receipt and clicking finds the vote", body[:400])
axe_scan("the receipt answer")
shot("stembewijs-gevonden-desktop.png", 1280)
shot("stembewijs-gevonden-telefoon.png", 390)
drv.set_window_size(1280, 900)

# ---- the card check and the audit page -----------------------------------------------------------
load("/ronde/%s/kaart" % rt)
axe_scan("/ronde/%s/kaart" % rt)
load("/ronde/%s/controle" % rt)
axe_scan("/ronde/%s/controle" % rt)
shot("controle-desktop.png", 1280)
# ---- the progress page: reached from the result page by its link ------------------------------
load("/ronde/%s" % rt)
click_to(drv.find_element(By.CSS_SELECTOR, "a[href^='/ronde/%s/voortgang']" % rt))
body = drv.find_element(By.TAG_NAME, "body").text
sha = os.environ.get("VOORTGANG_SHA", "")
ok("Toegekend" in body and "afgesloten" in body and "Werkbank en gereedschap" in body and
   sha != "" and sha in body and "Alles bij elkaar" in body,
   "the round page's link leads to the progress: figures, state, the document's SHA-256",
   body[:500])
axe_scan("/ronde/%s/voortgang" % rt)
shot("voortgang-desktop.png", 1280)
shot("voortgang-telefoon.png", 390)
drv.set_window_size(390, 844)
sw = drv.execute_script("return document.documentElement.scrollWidth")
ok(sw <= 390, "the progress page with its SHA-256 fits a phone (390px)", sw)
drv.set_window_size(1280, 900)
# ---- before the vote: budget lines and the decision per condition --------------------------------
load("/ronde/%s" % rd)
body = drv.find_element(By.TAG_NAME, "body").text
ok("Grind en randen" in body and "Totaal (gevraagd)" in body and "niet voldaan" in body and
   "Niet voor het hele dorp" in body and "geheim" not in body,
   "the draft round shows budget lines and the decision per condition, no contact", body[:500])
axe_scan("/ronde/%s (before the vote)" % rd)
shot("plannen-telefoon.png", 390)
drv.set_window_size(390, 844)
sw = drv.execute_script("return document.documentElement.scrollWidth")
ok(sw <= 390, "the budget table fits a phone (390px)", sw)
drv.set_window_size(1280, 900)

# ---- the aanvraag: typed and handed in ----------------------------------------------------------
click_to(drv.find_element(By.CSS_SELECTOR, "a[href^='/aanvraag']"))
ok(drv.find_element(By.ID, "ronde").get_attribute("value") == rd,
   "the round's link opens the form with the round chosen")
axe_scan("/aanvraag")
shot("aanvraag-telefoon.png", 390)
drv.set_window_size(1280, 900)
ok(not drv.find_element(By.ID, "nl_leeg").is_displayed(), "the honeypot field is not shown")
# First with a mistake: an amount that is not one, and no tick.
drv.find_element(By.ID, "titel").send_keys("Bloembakken")
drv.find_element(By.ID, "samenvatting").send_keys("Bloembakken langs de Hoofdstraat.\nWij zorgen voor de planten.")
drv.find_element(By.ID, "indiener").send_keys("Buurtvereniging")
drv.find_element(By.ID, "post1").send_keys("Bakken")
drv.find_element(By.ID, "bedrag1").send_keys("duizend")
drv.find_element(By.ID, "contact").send_keys("tel. 0596 123 456")
click_to(drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
errs = [e.text for e in drv.find_elements(By.CSS_SELECTOR, ".veld .foutmelding")]
ok(any("geen bedrag" in e for e in errs) and any("vinkje" in e for e in errs) and
   drv.find_element(By.ID, "bedrag1").get_attribute("aria-invalid") == "true" and
   drv.find_element(By.ID, "titel").get_attribute("value") == "Bloembakken" and
   drv.find_element(By.ID, "contact").get_attribute("value") == "",
   "mistakes show next to their fields; typed text stays, the contact is not shown back", errs)
axe_scan("the aanvraag form with errors")
shot("aanvraag-fout-telefoon.png", 390)
drv.set_window_size(1280, 900)
# The error summary's link moves to the field.
drv.find_element(By.CSS_SELECTOR, ".foutsamenvatting a[href='#bedrag1']").click()
ok(drv.execute_script("return location.hash") == "#bedrag1", "the error summary links to the field")
f = drv.find_element(By.ID, "bedrag1")
f.clear()
f.send_keys("1.250")
drv.find_element(By.ID, "contact").send_keys("tel. 0596 123 456")
drv.find_element(By.ID, "akkoord").click()
click_to(drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
body = drv.find_element(By.TAG_NAME, "body").text
code = drv.find_elements(By.CSS_SELECTOR, ".volgcode")
ok("Uw plan is ontvangen" in body and code and len(code[0].text.strip()) == 19 and
   "0596" not in body, "typing the aanvraag and clicking hands it in: a follow-up code, no contact shown",
   body[:400])
axe_scan("the aanvraag confirmation")
shot("aanvraag-ontvangen-telefoon.png", 390)
drv.set_window_size(1280, 900)
load("/privacy")
axe_scan("/privacy")

# ---- English ---------------------------------------------------------------------------------
load("/ronde/%s" % rt)
click_to(drv.find_element(By.CSS_SELECTOR, "a.taal"))
ok(drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en" and
   "The result" in drv.find_element(By.TAG_NAME, "body").text, "the language switch gives English")
axe_scan("/ronde/%s?taal=en" % rt)
shot("result-english-phone.png", 390)
drv.quit()
sys.exit(B.failed)
