#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The jaaroverzicht (issue 13): `dorpsstem overview`. Two villages, two years: rounds with
# submissions, rejections by named conditions, a withdrawal, votes and results, run through
# the real daemon with its clock moved to June 2024 and June 2025 (tests/preload/clockshift.c:
# a round belongs to the year it closed in). The figures are checked exactly against goldens
# worked out by hand from this scenario (tests/golden/overview/, the sums written out in
# tests/golden/overview/README), the HTML for escaping a hostile village name, category and
# condition and for being well-formed XML, and the bundles made after it still verify.
# The numbers of inhabitants are signed village settings (`village inhabitants`, with the
# refusals: another village's organiser, 0, negative, not a number, a year out of range);
# --inhabitants FILE overrides them. The web site's /dorp/NAAM/JAAR is held against
# `overview -j` figure by figure, with its escaping, its English and its 404 pages.
. "$(dirname "$0")/lib.sh"
G="$(cd "$(dirname "$0")/../golden/overview" && pwd)"

clock_shift	# lib.sh: jid, codes, the clock shift, round_new and round_run
export TZ=Europe/Amsterdam
# set_year Y: the daemon's clock at 15 June of year Y, 12:00 UTC (and on from there).
set_year() { set_clock "$1-06-15 12:00"; }
set_year 2024
# A second organiser, bound to Kantens only: it may set Kantens' inhabitants, not Warffum's.
"$DORPSSTEM" keygen -o "$T/kan.key" >/dev/null
echo "organiser \"Kantens Organiser\" key $(grep -v '^#' "$T/kan.key.pub" | head -1) village Kantens" >>"$T/d.conf"
# The public web site too: /dorp/NAAM/JAAR must show the same figures as overview -j.
WPORT=$(free_port)
W="http://127.0.0.1:$WPORT"
printf 'listen web on 127.0.0.1 port %s\n' "$WPORT" >>"$T/d.conf"
start_daemon

ds village add Kantens >/dev/null
ds village add 'Warffum <script>alert("x")</script> & Co' >/dev/null
printf 'Voor en door inwoners.\nOpenbaar toegankelijk.\nMet een begroting.\n' >"$T/k.txt"
printf 'Voor het hele dorp.\n<b>Geen reclame</b> & geen winst\n' >"$T/w.txt"
ds conditions set 1 "$T/k.txt" >/dev/null
ds conditions set 2 "$T/w.txt" >/dev/null
for v in 1 2; do
	"$DORPSSTEM" keygen -o "$T/kiosk$v.key" >/dev/null
	ds kiosk enroll "$v" "$T/kiosk$v.key.pub" --name "dorpshuis $v" >/dev/null
done

round() { round_new "$@"; }
# init ROUND TITLE COST CATEGORY
init() { ds initiative add "$1" --title "$2" --cost "$3" --category "$4" >/dev/null; }
run() { round_run "$@"; }

# ---- 2024 ----
A=$(round 1 "Dorpsbudget Kantens 2024" 10000 5)
init "$A" Speeltuin 6000 Spelen; init "$A" Bankjes 1500 Groen
init "$A" "Privétuin" 2000 Groen; init "$A" Feest 3000 Cultuur
ds initiative admit "$A/1" >/dev/null; ds initiative admit "$A/2" >/dev/null
ds initiative reject "$A/3" --reason "Niet voor het dorp" --unmet 1,2 >/dev/null
ds initiative admit "$A/4" >/dev/null
run "$A" 1 1,2 1,4 2
B=$(round 2 "Dorpsbudget Warffum 2024" 5000 4)
init "$B" AED 2500 Zorg; init "$B" Pannenkoekfeest 1000 Cultuur; init "$B" Reclamebord 800 ""
ds initiative admit "$B/1" >/dev/null; ds initiative admit "$B/2" >/dev/null
ds initiative reject "$B/3" --reason "Reclame" --unmet 2 >/dev/null
run "$B" 2 1 1,2

# ---- 2025 ----
set_year 2025
C=$(round 1 "Dorpsbudget Kantens 2025" 12000 7)
init "$C" Dorpstuin 4000 Groen; init "$C" "Jeu de boules" 2500 Spelen
init "$C" Reclame 1000 Overig; init "$C" Parkeerplaats 9000 Verkeer; init "$C" Kerstmarkt 1500 Cultuur
ds initiative admit "$C/1" >/dev/null; ds initiative admit "$C/2" >/dev/null
ds initiative reject "$C/3" --reason "Reclame" --unmet 2 >/dev/null
ds initiative reject "$C/4" --reason "Te groot" --unmet 1,2 >/dev/null
ds initiative withdraw "$C/5" >/dev/null
REVOKE=7 run "$C" 1 1,2 1 1 2
E=$(round 1 "Buurtbus Kantens" 3000 2)
init "$E" Buurtbus 2000 Verkeer
ds initiative admit "$E/1" >/dev/null
run "$E" 1 1
D=$(round 2 "Dorpsbudget Warffum 2025" 5000 3)
init "$D" Glasvezel 4000 '<script>alert(1)</script>'
# An aanvraag from the web form (public-submit event) and one typed in (initiative-submit):
# their cost is the sum of their budget lines; the contact details never show.
ds initiative submit "$D" --public --title Bloembakken --proposer "Buurtvereniging" \
    --contact "bloem@geheim.example" --category Groen --line "Bakken=450" --line "Planten=250" >/dev/null
ds initiative submit "$D" --title Bord --proposer "Ondernemers" --contact "06-99999999 geheim" \
    --line "Bord=300" --line "Palen=200" >/dev/null
ds initiative admit "$D/1" >/dev/null; ds initiative admit "$D/2" >/dev/null
ds initiative reject "$D/3" --reason "Reclame" --unmet 2 >/dev/null
run "$D" 2 1 2 1,2
# The books of round C (the spending work): a due date long past, Dorpstuin paid, accounted
# for and closed with € 100 returned; Jeu de boules paid in part and still open (overdue).
ds spending due "$C" --date 2025-12-31 >/dev/null || nok "spending due"
ds spending pay "$C/1" --amount 4000 --date 2025-07-01 >/dev/null || nok "spending pay C/1"
ds spending add "$C/1" --amount 3900 --date 2025-07-10 --what "Planten en grond" >/dev/null ||
    nok "spending add C/1"
ds spending close "$C/1" --returned 100 --summary "Klaar" >/dev/null || nok "spending close C/1"
ds spending pay "$C/2" --amount 1000 --date 2025-07-01 >/dev/null || nok "spending pay C/2"
# Not in any year: a cancelled round, and (back in real time) a draft.
X=$(round 2 "Afgelast" 1000 1)
ds round cancel "$X" >/dev/null
echo 0 >"$T/clock"
Y=$(round 1 "Volgend jaar" 1000 1)

# The number of inhabitants: a signed village setting per year (ledger 0). Kantens' figures
# come from its own organiser, Warffum's from the general one; a figure set twice for a
# year counts as the last one set.
kan() { "$DORPSSTEM" -s "$SOCK" -k "$T/kan.key" "$@"; }
check "Kantens' organiser sets its inhabitants for 2024" kan village inhabitants Kantens 2024 1100
check "… and sets 2024 again (the last one counts)" kan village inhabitants Kantens 2024 1.200
check "… and 2025" kan -j village inhabitants Kantens 2025 1250
cp "$T/out" "$T/set.json"
check "the reply names the village, year, number and ledger-0 event" grep -qE '^\{"village":1,"year":2025,"inhabitants":1250,"event":[0-9]+\}$' "$T/set.json"
check "the general organiser sets Warffum's for 2024" ds village inhabitants 2 2024 2000
expect_fail "an organiser of another village is refused" "acts only|may act only for its own villages" \
    kan village inhabitants 2 2025 999999
expect_fail "0 inhabitants is refused by the daemon" "1 to 1000000000 inhabitants, not 0" \
    ds village inhabitants Kantens 2025 0
expect_fail "a year out of range is refused by the daemon" "year 1850 is out of range" \
    ds village inhabitants Kantens 1850 900
expect_fail "a year past 9999 is refused by the daemon" "year 10000 is out of range" \
    ds village inhabitants Kantens 10000 900
expect_fail "a negative number is refused" "unknown option -5|is not a number of inhabitants" \
    ds village inhabitants Kantens 2025 -5
expect_fail "a number with a decimal comma is refused" "is not a number of inhabitants" \
    ds village inhabitants Kantens 2025 12,5
expect_fail "a word is refused" "is not a number of inhabitants" \
    ds village inhabitants Kantens 2025 veel
expect_fail "a year that is not a number is refused" "is not a year" \
    ds village inhabitants Kantens twintig 900
expect_fail "more than a billion is refused by the daemon" "1 to 1000000000 inhabitants" \
    ds village inhabitants Kantens 2025 1000000001
expect_fail "a village that does not exist" "no village|Zandeweer" \
    ds village inhabitants Zandeweer 2025 300
check "the refused requests changed nothing: Kantens has 2024 1200 and 2025 1250" sh -c "
'$DORPSSTEM' -s '$SOCK' -j village inhabitants Kantens | grep -qx '{\"village\":1,\"inhabitants\":\\[{\"year\":2024,\"inhabitants\":1200},{\"year\":2025,\"inhabitants\":1250}\\]}'"
check "village inhabitants shows them in Dutch" sh -c "
DORPSSTEM_LANG=nl '$DORPSSTEM' -s '$SOCK' village inhabitants Kantens | tr '\n' '|' | grep -qx '2024: 1200 inwoners|2025: 1250 inwoners|'"
check "a village with none set says so" sh -c "
'$DORPSSTEM' -s '$SOCK' village inhabitants 2 >/dev/null &&
DORPSSTEM_LANG=nl '$DORPSSTEM' -s '$SOCK' -j village inhabitants 2 | grep -q '\"year\":2024,\"inhabitants\":2000'"

check "overview --all --year 2025 with --csv and --html, inhabitants as set" \
    ds overview --all --year 2025 --csv "$T/all.csv" --html "$T/all.html"
cp "$T/out" "$T/all.txt"
check "overview -j --all --year 2025" sh -c "'$DORPSSTEM' -s '$SOCK' -j overview --all --year 2025 >'$T/all.json'"

# --inhabitants FILE stays as an explicit override: for the villages it names its lines
# replace the figures set (here Kantens 2025: 2500), the others keep theirs.
cat >"$T/inw.csv" <<'INW'
# village;year;inhabitants
Kantens;2025;2500
INW
printf '\xef\xbb\xbf%s\r\n' "$(cat "$T/inw.csv")" >"$T/inw-bom.csv"
check "overview --inhabitants FILE overrides the figures set for the villages it names" python3 -c '
import json,subprocess,sys
d=json.loads(subprocess.check_output(sys.argv[1:]))
k=[r for r in d["villages"] if r["name"]=="Kantens"][0]; w=[r for r in d["villages"] if r["name"]!="Kantens"][0]
assert (k["inhabitants"],k["turnout_inhabitants_bp"])==(2500,20), k
assert (w["inhabitants"],w["turnout_inhabitants_bp"])==(2000,15), w' \
    "$DORPSSTEM" -s "$SOCK" -j overview --all --year 2025 --inhabitants "$T/inw-bom.csv"

# OVERVIEW_KEEP=DIR keeps the outputs to look at (all.txt, .csv, .json, .html).
if [ -n "${OVERVIEW_KEEP:-}" ]; then cp "$T/all.txt" "$T/all.csv" "$T/all.json" "$T/all.html" "$OVERVIEW_KEEP"/; fi
# CSV: as Dutch Excel wants it, and the figures exactly.
check "the CSV starts with a UTF-8 byte-order mark" sh -c "head -c3 '$T/all.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "every CSV line ends in CRLF" python3 -c '
import sys; b=open(sys.argv[1],"rb").read(); L=b.split(b"\n")
assert L[-1]==b"" and len(L)==8 and all(l.endswith(b"\r") for l in L[:-1]), L' "$T/all.csv"
check "the CSV figures are the hand-computed ones (golden all-2025.csv)" sh -c "
tail -c +4 '$T/all.csv' | tr -d '\r' | diff '$G/all-2025.csv' -"
check "the JSON figures are the hand-computed ones (golden all-2025.json)" python3 -c '
import json,sys
got=json.load(open(sys.argv[1])); want=json.load(open(sys.argv[2]))
if got!=want:
    for k in want:
        if got.get(k)!=want[k]: print("differs:",k,json.dumps(got.get(k)),"want",json.dumps(want[k]))
    for k in got:
        if k not in want: print("extra:",k)
    sys.exit(1)' "$T/all.json" "$G/all-2025.json"

# One village: Kantens 2024 beside nothing before it, in Dutch text.
check "overview of one village, Dutch by default" sh -c "
DORPSSTEM_LANG=nl '$DORPSSTEM' -s '$SOCK' overview Kantens --year 2025 >'$T/k.txt'"
check "the Dutch text has its headings and the Kantens figures" sh -c "
grep -qx 'Jaaroverzicht 2025: Kantens' '$T/k.txt' &&
grep -q 'Een ronde telt mee in het jaar waarin ze gesloten is.' '$T/k.txt' &&
grep -qE '^  Kantens +2 +€ 15.000 +€ 20.000 \(6\) +€ 8.500 \(3\) +€ 10.000 \(2\) +€ 8.500 \(3\)\$' '$T/k.txt' &&
grep -qE '^  Kantens +5 +8 +62,50 % +1250 +0,40 %\$' '$T/k.txt' &&
grep -qE '^  2×  Kantens, voorwaarde 2 \(versie 1\): Openbaar toegankelijk.\$' '$T/k.txt' &&
grep -qE '^  opkomst \(stemmen per uitgegeven kaart\) +60,00 % +62,50 %\$' '$T/k.txt' &&
grep -qE '^  Kantens +€ 8.500 +€ 5.000 +€ 3.900 +€ 100 +€ 3.500 +1\$' '$T/k.txt'"
check "the English text has the totals row and the indicators" sh -c "
grep -qE '^  total +3 +€ 20.000 +€ 25.200 \(9\) +€ 13.200 \(5\) +€ 10.500 \(3\) +€ 13.200 \(5\)\$' '$T/all.txt' &&
grep -qE '^  amount funded +€ 11.000 +€ 13.200\$' '$T/all.txt' &&
grep -qE '^  2024  █+.* +55.56 %\$' '$T/all.txt'"
check "the spending columns add up the books: granted, paid, spent, returned, outstanding, overdue" sh -c "
grep -qE '^  total +€ 13.200 +€ 5.000 +€ 3.900 +€ 100 +€ 8.200 +1\$' '$T/all.txt' && ! grep -q 'Spending is not recorded' '$T/all.txt'"

# HTML: escaped, well-formed, self-contained, charts inline.
check "the HTML page is well-formed XML" python3 -c '
import sys, xml.etree.ElementTree as ET
ET.parse(sys.argv[1])' "$T/all.html"
check "the hostile names are escaped in the HTML" sh -c "
! grep -q '<script' '$T/all.html' && ! grep -q '<b>Geen' '$T/all.html' &&
grep -q 'Warffum &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co' '$T/all.html' &&
grep -q '&lt;b&gt;Geen reclame&lt;/b&gt; &amp; geen winst' '$T/all.html'"
check "the HTML has the two SVG charts and no external resources" sh -c "
[ \$(grep -c '<svg ' '$T/all.html') = 2 ] && ! grep -qiE '(src|href)=|@import|url\\(' '$T/all.html'"
check "the HTML prints on A4" grep -q '@page{size:A4' "$T/all.html"

check "no contact details in any overview output" sh -c "! grep -l 'geheim' '$T/all.txt' '$T/all.csv' '$T/all.json' '$T/all.html' '$T/k.txt'"

# Refusals.
expect_fail "an existing --csv file is never overwritten" "cannot write" \
    ds overview --all --year 2025 --csv "$T/all.csv"
check "an --html file next to a refused run is not left behind" sh -c "
! '$DORPSSTEM' -s '$SOCK' overview 'Zandeweer' --year 2025 --html '$T/none.html' 2>/dev/null && [ ! -e '$T/none.html' ]"
expect_fail "--year is required" "year" ds overview --all
expect_fail "a village or --all, not both" "one village, or --all" ds overview Kantens --all --year 2025
expect_fail "an inhabitants line for a village that does not exist" "line 2: there is no village" \
    sh -c "printf 'x\n' >/dev/null; printf '# c\nZandeweer;2025;300\n' >'$T/bad.csv'; '$DORPSSTEM' -s '$SOCK' overview --all --year 2025 --inhabitants '$T/bad.csv'"

# The year before: 2024 alone.
ds -j overview Kantens --year 2024 >"$T/k24.json"
check "Kantens 2024: one round, 2 of 4 funded, nothing the year before" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); t=d["total"]; p=d["previous"]
assert (t["rounds"],t["budget"],t["funded"],t["ballots"],t["cards"],t["turnout_cards_bp"])==(1,1000000,{"count":2,"amount":750000},3,5,6000), t
assert p["rounds"]==0 and p["turnout_cards_bp"] is None, p
assert [(f["nr"],f["count"]) for f in d["failed_conditions"]]==[(1,1),(2,1)], d["failed_conditions"]
assert [y["year"] for y in d["turnout_by_year"]]==[2024], d["turnout_by_year"]' "$T/k24.json"

# ---- the yearly overview on the public web site (daemon/web.c, /dorp/NAAM/JAAR) ----------
if ! command -v curl >/dev/null; then
	echo "skip - the yearly overview on the web site (curl is not installed)"
else
for i in $(seq 1 100); do curl -s -o /dev/null "$W/" && break; sleep 0.05; done
get() { curl -s -o "$T/page" -w '%{http_code}' "$W$1"; }
NB=$(printf '\302\240')	# the no-break space between € and the amount, and before %
HOSTILE='Warffum <script>alert("x")</script> & Co'
HENC=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$HOSTILE")
# webfig PATH JSONFILE: every figure cell of the page (data-ov, data-v) against overview -j.
webfig() {
	python3 - "$1" "$2" <<'PY'
import json, sys, re, html.parser
page = open(sys.argv[1], encoding="utf-8").read(); d = json.load(open(sys.argv[2]))
t = d["total"]; p = d["previous"]
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.cells = []
    def handle_starttag(s, tag, a):
        a = dict(a)
        if "data-ov" in a: s.cells.append((a["data-ov"], a["data-v"]))
pp = P(); pp.feed(page)
want = {}
for k in ("rounds", "budget", "ballots", "cards", "turnout_cards_bp", "inhabitants", "turnout_inhabitants_bp"):
    want[k] = t[k]
for k in ("requested", "admitted", "rejected", "withdrawn", "funded"):
    want[k + ".count"] = t[k]["count"]; want[k + ".amount"] = t[k]["amount"]
if t["spending"]["recorded"]:
    for k in ("granted", "paid", "spent", "returned", "outstanding", "overdue"):
        want["spending." + k] = t["spending"][k]
for ind in d["indicators"]:
    want["indicators.%s.previous" % ind["name"]] = ind["previous"]
    want["indicators.%s.this" % ind["name"]] = ind["current"]
got = {}; lists = {}
for k, v in pp.cells:
    val = None if v == "" else int(v)
    if k in ("failed_conditions.count",) or k.startswith("categories."):
        lists.setdefault(k, []).append(val); continue
    if k in got: sys.exit("figure %s twice on the page" % k)
    got[k] = val
bad = [(k, got.get(k, "missing"), w) for k, w in want.items() if got.get(k, "missing") != w]
extra = [k for k in got if k not in want]
want_fc = [f["count"] for f in d["failed_conditions"]][:10]
want_cat = {"categories." + s: [c[s]["amount"] for c in d["categories"]] for s in ("requested", "admitted", "funded")}
if lists.get("failed_conditions.count", []) != want_fc: bad.append(("failed", lists.get("failed_conditions.count"), want_fc))
for k, w in want_cat.items():
    if lists.get(k, []) != w: bad.append((k, lists.get(k), w))
if bad or extra: sys.exit("differ: %s extra: %s" % (bad, extra))
print(len(want) + len(want_fc) + sum(len(w) for w in want_cat.values()), "figures equal")
PY
}
ds -j overview Kantens --year 2025 >"$T/k25.json"
ds -j overview 2 --year 2025 >"$T/w25.json"
st=$(get /dorp/Kantens/2025)
check "/dorp/Kantens/2025 answers 200 in Dutch" sh -c "[ '$st' = 200 ] && grep -q '<html lang=\"nl\">' '$T/page' && grep -q '<h1>Jaaroverzicht 2025: Kantens</h1>' '$T/page'"
cp "$T/page" "$T/k25.html"
check "every figure on /dorp/Kantens/2025 equals overview Kantens --year 2025 -j" webfig "$T/k25.html" "$T/k25.json"
check "the Kantens page shows the figures as a resident reads them" sh -c "
grep -q '>€${NB}15.000<' '$T/k25.html' && grep -q '>62,50${NB}%<' '$T/k25.html' && grep -q '>0,40${NB}%<' '$T/k25.html' &&
grep -q '>1250<' '$T/k25.html' && grep -q 'Openbaar toegankelijk.' '$T/k25.html' &&
grep -q 'behaald 2024' '$T/k25.html' && grep -q '€ 3.900' '$T/k25.html'"
check "it has the two SVG charts with a title each, and no script or style attribute" sh -c "
[ \$(grep -c '<svg class=\"grafiek\" role=\"img\"' '$T/k25.html') = 2 ] && [ \$(grep -c '<title id=\"grafiek-' '$T/k25.html') = 2 ] &&
! grep -qi '<script\\|style=\\|javascript:' '$T/k25.html'"
check "it links to the year's rounds" sh -c "grep -q 'href=\"/ronde/$C\"' '$T/k25.html' && grep -q 'href=\"/ronde/$E\"' '$T/k25.html' && ! grep -q 'href=\"/ronde/$A\"' '$T/k25.html'"
check "the CSP of the site holds for it" sh -c "curl -s -D - -o /dev/null '$W/dorp/Kantens/2025' | grep -qi \"^Content-Security-Policy: default-src 'none'\""
st=$(get "/dorp/$HENC/2025")
cp "$T/page" "$T/w25.html"
check "the hostile village's page: 200, its name escaped, figures equal overview -j" sh -c "
[ '$st' = 200 ] && ! grep -q '<script' '$T/w25.html' &&
grep -q 'Warffum &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co' '$T/w25.html' &&
grep -q '&lt;b&gt;Geen reclame&lt;/b&gt; &amp; geen winst' '$T/w25.html' &&
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' '$T/w25.html'"
check "… and every figure on it equals overview 2 --year 2025 -j" webfig "$T/w25.html" "$T/w25.json"
check "no contact details on the web pages" sh -c "! grep -l 'geheim' '$T/k25.html' '$T/w25.html'"
st=$(get "/dorp/kantens/2024?taal=en")
check "English with the site's switch, and the name matched without regard to case" sh -c "
[ '$st' = 200 ] && grep -q '<html lang=\"en\">' '$T/page' && grep -q '<h1>Yearly overview 2024: Kantens</h1>' '$T/page' &&
grep -q '>60.00%<' '$T/page' && grep -q '>€7,500<' '$T/page' && grep -q 'href=\"/ronde/$A?taal=en\"' '$T/page'"
ds -j overview Kantens --year 2024 >"$T/k24b.json"
cp "$T/page" "$T/k24en.html"
check "… with the same figures as overview Kantens --year 2024 -j" webfig "$T/k24en.html" "$T/k24b.json"
st=$(get /dorp/Zandeweer/2025)
check "an unknown village: a Dutch 404 page that says so" sh -c "[ '$st' = 404 ] && grep -q '<html lang=\"nl\">' '$T/page' && grep -q 'Dit dorp kennen we niet' '$T/page' && grep -q 'Zandeweer' '$T/page'"
st=$(get /dorp/Kantens/2023)
check "a year without rounds: a Dutch 404 page that says so" sh -c "[ '$st' = 404 ] && grep -q 'Geen jaaroverzicht voor dit jaar' '$T/page' && grep -q 'In 2023 is er in Kantens geen stemronde gesloten' '$T/page'"
st=$(get /dorp/Kantens/2026)
check "the year of the draft round has no overview either (404)" [ "$st" = 404 ]
st=$(get "/dorp/%3Cb%3E/2025")
check "a hostile unknown name is escaped on the 404 page" sh -c "[ '$st' = 404 ] && grep -q '&lt;b&gt;' '$T/page' && ! grep -q '<b>' '$T/page'"
for bad in /dorp/Kantens /dorp/Kantens/25 /dorp/Kantens/20255 /dorp/Kantens/abcd /dorp//2025 /dorp/Kantens/1900 "/dorp/Kan%00tens/2025"; do
	st=$(get "$bad")
	[ "$st" = 404 ] && ok "$bad answers 404" || nok "$bad answers 404 (status $st)"
done
get / >/dev/null
check "/ links to each village's yearly overviews" sh -c "grep -q 'href=\"/dorp/Kantens/2024\"' '$T/page' && grep -q 'href=\"/dorp/Kantens/2025\"' '$T/page' && grep -q 'href=\"/dorp/$HENC/2025\"' '$T/page'"
get "/ronde/$C" >/dev/null
check "a closed round links to the overview of its year" grep -q 'href="/dorp/Kantens/2025">Jaaroverzicht 2025 van Kantens</a>' "$T/page"
check "the web process is still up after all this" curl -s -o /dev/null -f "$W/"
if [ -n "${OVERVIEW_KEEP:-}" ]; then cp "$T/k25.html" "$T/w25.html" "$T/k24en.html" "$OVERVIEW_KEEP"/; fi
fi

# Bundles made after all this still verify (the overview adds nothing to any ledger).
ds audit bundle "$D" -o "$T/bD" >/dev/null
check "the bundle of Warffum 2025 verifies" "$DORPSSTEM" --lang en audit verify "$T/bD"
check "its ledger 0 carries the four inhabitants-set events (type 0x0112)" test \
    "$(grep -v '^#' "$T/bD/village-events.txt" | cut -c41-44 | grep -c '^0112$')" = 4
# Warffum's 2000 inhabitants in 2024 made 20000 in the bundle: the organiser did not sign that.
cp -r "$T/bD" "$T/bX"
python3 - "$T/bX/village-events.txt" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read()
body = "00000002" "000007e8" "00000000000007d0"	# village 2, 2024, 2000
assert t.count(body) == 1, t.count(body)
open(p, "w").write(t.replace(body, "00000002" "000007e8" "0000000000004e20"))
PY
"$DORPSSTEM" --lang en audit verify "$T/bX" >"$T/xv.out" 2>&1; rc=$?
check "a changed number of inhabitants fails verification (exit 1) …" test "$rc" = 1
check "… by name: the inhabitants-set event's signature in village-events.txt" \
    grep -qE "^FAILED: .*village-events.txt: record [0-9]+ .*field sig" "$T/xv.out"
finish
