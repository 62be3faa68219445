# SPDX-License-Identifier: EUPL-1.2
"""What the browser tests share (browser.py, year.py): Debian's chromium headless through
chromedriver and python3-selenium, "ok - …" / "not ok - …" lines, a click that waits for
the next page, screenshots at a width, axe-core's scan, and the console's errors."""
import json
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


class Browser:
    def __init__(self, shots, axe_path):
        self.shots = shots
        self.failed = 0
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                  "--force-device-scale-factor=1", "--lang=nl-NL"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.drv.set_page_load_timeout(60)
        # axe-core on a long form takes seconds on a busy machine; the default 30 s is
        # too close.
        self.drv.set_script_timeout(120)
        self.axe = open(axe_path).read() if axe_path != "-" else None

    def ok(self, cond, what, detail=""):
        if cond:
            print("ok - " + what)
        else:
            self.failed = 1
            print("not ok - " + what)
            for line in str(detail).splitlines()[:15]:
                print("#   " + line)

    def click_to(self, elem):
        """Clicks a submit button or link and waits until the NEXT page has loaded.
        WebDriver's click() does not wait for the navigation a form submit starts:
        reading the page right after it raced with the load and either read the old
        page or hit an element that went stale mid-read (StaleElementReferenceException:
        the browser test's flake, "exited 1" after 14 ok). So: wait for the old
        document to go, then for the new one."""
        old = self.drv.find_element(By.TAG_NAME, "html")
        elem.click()
        WebDriverWait(self.drv, 20).until(EC.staleness_of(old))
        WebDriverWait(self.drv, 20).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def console_errors(self):
        try:
            return [e for e in self.drv.get_log("browser") if e.get("level") == "SEVERE"]
        except Exception:
            return []

    def shot(self, name, width):
        """A screenshot of the whole page at WIDTH pixels into the shots directory."""
        self.drv.set_window_size(width, 900)
        h = self.drv.execute_script("return document.documentElement.scrollHeight")
        self.drv.set_window_size(width, min(max(int(h) + 20, 600), 6000))
        self.drv.save_screenshot(os.path.join(self.shots, name))

    def axe_scan(self, label):
        """axe-core (WCAG 2.1 A/AA and best practice) on the page: no serious or
        critical violation."""
        if self.axe is None:
            print("skip - axe-core scan of %s (axe-core is not installed)" % label)
            return
        self.drv.execute_script(self.axe)
        res = self.drv.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
            " 'wcag21aa', 'best-practice']}}).then(function (r) { done(JSON.stringify(r.violations)); })"
            ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
            " help: String(e), nodes: []}])); });")
        bad = [v for v in json.loads(res) if v.get("impact") in ("serious", "critical")]
        self.ok(not bad, "axe-core: no serious or critical violations on %s" % label,
                "\n".join("%s (%s): %s — %s" % (v["id"], v["impact"], v["help"],
                          "; ".join(n["html"][:80] for n in v["nodes"][:2])) for v in bad))
