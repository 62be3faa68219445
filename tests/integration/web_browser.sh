#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The web site in a real browser (tests/web/browser.py: Debian's chromium headless with
# chromedriver and python3-selenium; axe-core from npm, pinned in tests/web/package.json and
# its lockfile). Screenshots go to $WEB_SCREENS (default: the temp dir; docs/web-screens.md
# shows the ones in docs/web-screens/, made with WEB_SCREENS=docs/web-screens).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
for need in /usr/bin/chromium /usr/bin/chromedriver; do
	[ -x "$need" ] || { echo "skip - real browser (${need##*/} missing: make deps as root)"; exit 0; }
done
$PY -c 'import selenium' 2>/dev/null || { echo "skip - real browser (python3-selenium missing: make deps as root)"; exit 0; }
AXE="$TOP/tests/web/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE" ] && command -v npm >/dev/null; then
	# The test set-up installs the pinned axe-core (no browser downloads: chromium is Debian's).
	(cd "$TOP/tests/web" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null 2>&1)
fi
[ -f "$AXE" ] || AXE=-
WPORT=$(free_port)
printf 'listen web on 127.0.0.1 port %s\n' "$WPORT" >>"$T/d.conf"
start_daemon
for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$WPORT/" && break; sleep 0.05; done
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name "Dorpshuis De Wierde" >/dev/null
mkround() {	# NAME → round id, with four initiatives and 8 codes registered, open
	local r i
	r=$(ds -j round create Kantens "$1" --budget 10000 --ballot approval --rule greedy | jid)
	ids=()
	for t in "Repair Café in het dorpshuis:4000" "AED bij de kerk:3000" \
	    "<script>alert('speeltuin')</script>:6000" "Bankjes langs het Boltjerpad:1500"; do
		i=$(ds -j initiative add "$r" --title "${t%%:*}" --cost "${t##*:}" \
		    --summary "Een plan van bewoners voor het hele dorp." --proposer "Dorpsbelang" | jid)
		ds initiative admit "$i" >/dev/null
		ids+=("$i")
	done
	"$DORPSSTEM" codes generate "$r" -n 8 --cards "$T/cards$r.html" --credentials "$T/creds$r.txt" \
		--village Kantens --round-name "$1" >/dev/null 2>&1
	ds credentials register "$r" "$T/creds$r.txt" >/dev/null
	ds round open "$r" >/dev/null
	echo "${ids[*]}" >"$T/ids$r"
	echo "$r"
}
vote() { "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$@" >/dev/null; }
RT=$(mkround "Dorpsbudget 2026")
mapfile -t C < <(codes "$T/cards$RT.html")
read -r -a ids <"$T/ids$RT"
# --choose takes the round's own numbers 1..4 (not the daemon-wide ids, which differ from
# the second round on: the votes in round RV used to be refused).
vote "$RT" --code "${C[0]}" --choose 1,2 --receipt-file "$T/receipt.txt"
vote "$RT" --code "${C[1]}" --choose 1,4
vote "$RT" --code "${C[2]}" --choose 3
vote "$RT" --code "${C[3]}" --choose 2,3
vote "$RT" --code "${C[4]}" --choose 1
ds round close "$RT" >/dev/null
# The books of the counted round (/ronde/ID/voortgang): Repair Café paid, spent with a
# document and closed; the AED paid and still open.
ds spending due "$RT" --date 2099-12-31 >/dev/null
ds spending pay "$RT/1" --amount 4000 --date 2026-09-01 >/dev/null
printf 'Factuur werkbank en gereedschap\n' >"$T/factuur.txt"
export VOORTGANG_SHA=$(sha256sum "$T/factuur.txt" | cut -c1-64)
ds spending add "$RT/1" --amount 3500 --date 2026-10-01 --what "Werkbank en gereedschap" \
	--document "$T/factuur.txt" >/dev/null
ds spending close "$RT/1" --returned 500 --summary "Het Repair Café draait elke maand" \
	--achieved "Zestig spullen gerepareerd" --participants 25 >/dev/null
ds spending pay "$RT/2" --amount 1000 --date 2026-09-15 >/dev/null
RV=$(mkround "Dorpsbudget 2027")
mapfile -t C2 < <(codes "$T/cards$RV.html")
read -r -a ids2 <"$T/ids$RV"
vote "$RV" --code "${C2[0]}" --choose 1 || nok "a vote in the voting round"
vote "$RV" --code "${C2[1]}" --choose 2 || nok "a vote in the voting round"
# A round in preparation, with voorwaarden, an aanvraag with budget lines and decisions.
printf 'Voor en door inwoners.\nOpenbaar toegankelijk.\n' >"$T/vw.txt"
ds conditions set Kantens "$T/vw.txt" >/dev/null
RD=$(ds -j round create Kantens "Dorpsbudget 2028" --budget 10000 --ballot approval --rule greedy | jid)
ds initiative submit "$RD" --title "Jeu-de-boulesbaan" --proposer "Boulesclub" --contact "geheim" \
	--summary "Een baan bij het dorpshuis." --line "Grind en randen=1800" --line "Bankje=450" \
	--cofunding "Dorpsbelang=200" --volunteers 4 --planned "voorjaar" >/dev/null
ds initiative admit "$RD/1" >/dev/null
ds initiative add "$RD" --title "Hek om eigen tuin" --cost 900 >/dev/null
ds initiative reject "$RD/2" --reason "Niet voor het hele dorp" --unmet 2 >/dev/null
REC=$(sed -n 's/^receipt //p' "$T/receipt.txt")
BAL=$(sed -n 's/^ballot //p' "$T/receipt.txt")
SHOTS=${WEB_SCREENS:-$T/shots}
mkdir -p "$SHOTS"
timeout 300 $PY "$TOP/tests/web/browser.py" "http://127.0.0.1:$WPORT" "$RT" "$RV" "$REC" "$BAL" "$SHOTS" "$AXE" "$RD" 2>"$T/browser.err"
rc=$?
[ "$rc" = 0 ] || { sed 's/^/#   /' "$T/browser.err" | tail -15; FAILED=1; }
# The yearly overview (/dorp/NAAM/JAAR) of this year, in which round RT closed, with the
# village's inhabitants set (signed): tests/web/year.py.
ds village inhabitants Kantens "$(date +%Y)" 1250 >/dev/null
timeout 300 $PY "$TOP/tests/web/year.py" "http://127.0.0.1:$WPORT" Kantens "$(date +%Y)" "$SHOTS" "$AXE" 2>"$T/year.err"
rc=$?
[ "$rc" = 0 ] || { sed 's/^/#   /' "$T/year.err" | tail -15; FAILED=1; }
# What the browser typed reached the organisers (contact details included, for them only).
if ds initiative list "$RD" | grep -qE '^ *3 +submitted +€ 1\.250 +Bloembakken'; then
	ok "the aanvraag typed in the browser reached the organisers"
else nok "the aanvraag typed in the browser reached the organisers"; ds initiative list "$RD" | sed 's/^/#   /'; fi
[ "$("$DORPSSTEM" -s "$SOCK" -k "$T/org.key" initiative contact "$RD/3" 2>&1)" = "tel. 0596 123 456" ] &&
	ok "… with the contact details typed" || nok "… with the contact details typed"
finish
