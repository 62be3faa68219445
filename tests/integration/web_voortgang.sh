#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The web site's progress page /ronde/ID/voortgang (daemon/web.c, docs/web.md) against the
# real daemon: before the count a sentence that progress comes after the result; after it,
# per funded initiative the grant, payments, accounting lines (with the document's
# SHA-256, never the document), the state (open, closed, overdue) and the close, with the
# figures exactly as `dorpsstem spending list` gives them; Dutch and English; titles and
# texts with HTML escaped; no contact details; 404 for a round that does not exist; a round
# whose books do not add up says so without figures.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "skip - progress page (curl is not installed)"; exit 0; }
WPORT=$(free_port)
W="http://127.0.0.1:$WPORT"
printf 'listen web on 127.0.0.1 port %s\n' "$WPORT" >>"$T/d.conf"
start_daemon
for i in $(seq 1 100); do curl -s -o /dev/null "$W/" && break; sleep 0.05; done

get() { curl -s -D "$T/head" -o "$T/page" -w '%{http_code}' "$W$1"; }
has() { grep -qF -- "$1" "$T/page"; }
page_ok() {	# DESC PATH STATUS LANG TEXT…
	local desc=$1 path=$2 want=$3 lang=$4 st; shift 4
	st=$(get "$path")
	if [ "$st" != "$want" ]; then nok "$desc (status $st, wanted $want)"; return; fi
	if ! has "<html lang=\"$lang\">"; then nok "$desc (no lang=$lang)"; return; fi
	for t in "$@"; do
		if ! has "$t"; then nok "$desc (missing \"$t\")"; sed 's/^/#   /' "$T/page" | head -60; return; fi
	done
	ok "$desc"
}
lacks() {	# DESC TEXT… (on the last page fetched)
	local desc=$1 t; shift
	for t in "$@"; do
		if has "$t"; then nok "$desc (\"$t\" is on the page)"; return; fi
	done
	ok "$desc"
}

"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget 2027" --budget 10000 --ballot approval --rule greedy | jid)
CONTACT1="speeltuin.geheim@example.org 0596-111222"
CONTACT2="Bankjesweg 3 geheimadres"
ds initiative submit "$R" --title "<script>alert(1)</script> Speeltuin" --proposer Speeltuincommissie \
    --contact "$CONTACT1" --line "Klimrek=2500" --line "Zand=750" >/dev/null
ds initiative submit "$R" --title Bankje --proposer Oranjevereniging --contact "$CONTACT2" \
    --line "Bank=400" >/dev/null
ds initiative add "$R" --title Kunstwerk --cost 9000 --proposer Kunstkring >/dev/null
for nr in 1 2 3; do ds initiative admit "$R/$nr" >/dev/null; done

page_ok "before the count: progress comes after the result" "/ronde/$R/voortgang" 200 nl \
	"De voortgang volgt na de uitslag" "Terug naar de stemronde"
lacks "… and no figures or plans yet" "Toegekend" "Speeltuin" "Bankje"
page_ok "… in English too" "/ronde/$R/voortgang?taal=en" 200 en "Progress comes after the result"
page_ok "a round that does not exist: 404" "/ronde/999/voortgang" 404 nl "Deze pagina bestaat niet"
if grep -qi '^Content-Security-Policy: default-src' "$T/head" && get "/ronde/$R/voortgang" >/dev/null &&
    grep -qi "^Content-Security-Policy: default-src 'none'" "$T/head" && ! grep -qi '^Set-Cookie' "$T/head"; then
	ok "the page has the site's CSP and no cookie"
else nok "the page has the site's CSP and no cookie"; fi
st=$(curl -s -o /dev/null -w '%{http_code}' --data 'x=1' "$W/ronde/$R/voortgang")
[ "$st" = 404 ] && ok "a POST to the page is not a page (404)" || nok "a POST to the page is not a page ($st)"

"$DORPSSTEM" codes generate "$R" -n 3 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Dorpsbudget --until morgen >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds round open "$R" >/dev/null
page_ok "while voting runs: still the sentence" "/ronde/$R/voortgang" 200 nl "De voortgang volgt na de uitslag"
i=0
for code in $(codes "$T/cards.html"); do
	i=$((i + 1))
	if [ $i = 3 ]; then ch=3; else ch=1,2; fi
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$code" --choose $ch >/dev/null
done
ds round close "$R" >/dev/null
ds -j result "$R" >"$T/result.json"
check "the count funds 1 and 2, not 3" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
f={i["nr"]:i["funded"] for i in d["result"]["items"]}; assert f=={1:1,2:1,3:0}, f' "$T/result.json"

page_ok "the round page links to the progress after the count" "/ronde/$R" 200 nl \
	"href=\"/ronde/$R/voortgang\"" "(voortgang)"
page_ok "right after the count: the grants, nothing paid, open" "/ronde/$R/voortgang" 200 nl \
	'<span class="nr">1</span> &lt;script&gt;alert(1)&lt;/script&gt; Speeltuin' \
	'<dt>Toegekend</dt><dd>€ 3.250</dd><dt>Betaald</dt><dd>€ 0</dd><dt>Besteed</dt><dd>€ 0</dd><dt>Stand van zaken</dt><dd>open</dd>' \
	'<span class="nr">2</span> Bankje' '<dt>Toegekend</dt><dd>€ 400</dd>' "Nog geen uitgaven verantwoord."
lacks "… only funded initiatives, titles escaped" "Kunstwerk" "<script>"

# The books: due date in the past, Speeltuin paid, spent with a document and closed;
# Bankje paid, partly spent, not closed: overdue.
ds spending due "$R" --date 2021-06-30 >/dev/null
ds spending pay "$R/1" --amount 2000 --date 2027-01-10 >/dev/null
ds spending pay "$R/1" --amount 1250 --date 2027-02-15 >/dev/null
printf 'Factuur 2027-17\nKlimrek, geleverd en geplaatst\n' >"$T/factuur.txt"
SHA=$(sha256sum "$T/factuur.txt" | cut -c1-64)
ds spending add "$R/1" --amount 2600 --date 2027-03-10 --what "Klimrek <b>geplaatst</b>" --line 1 \
    --document "$T/factuur.txt" >/dev/null
ds spending add "$R/1" --amount 600,50 --date 2027-03-12 --what "Zand" --line 2 >/dev/null
ds spending close "$R/1" --returned 49,50 --summary "De speeltuin is open <i>voor iedereen</i>" \
    --achieved "Klimrek & zandbak" --participants 40 >/dev/null
ds spending pay "$R/2" --amount 400 --date 2027-01-20 >/dev/null
ds spending add "$R/2" --amount 150 --date 2027-02-01 --what "Bank (eerste)" >/dev/null
ds spending list Kantens >"$T/list.txt"
check "spending list agrees (the figures the page must show)" sh -c "
grep -qE '^  $R/1 .* +€ 3.250 +€ 3.250 +€ 3.200,50 +€ 49,50  closed\$' '$T/list.txt' &&
grep -qE '^  $R/2 +Bankje +€ 400 +€ 400 +€ 150 +€ 0  overdue\$' '$T/list.txt'"

page_ok "Speeltuin: granted, paid, spent, returned, closed — exactly" "/ronde/$R/voortgang" 200 nl \
	'<dt>Toegekend</dt><dd>€ 3.250</dd><dt>Betaald</dt><dd>€ 3.250</dd><dt>Besteed</dt><dd>€ 3.200,50</dd><dt>Terugbetaald</dt><dd>€ 49,50</dd><dt>Stand van zaken</dt><dd><span class="ok">✔ afgesloten</span></dd>'
page_ok "Bankje: paid, partly spent, overdue (te laat) after the due date" "/ronde/$R/voortgang" 200 nl \
	'<dt>Toegekend</dt><dd>€ 400</dd><dt>Betaald</dt><dd>€ 400</dd><dt>Besteed</dt><dd>€ 150</dd><dt>Stand van zaken</dt><dd><span class="fout">te laat' \
	"De verantwoording moet binnen zijn op <strong>30 juni 2021</strong>"
page_ok "the payments with their dates" "/ronde/$R/voortgang" 200 nl \
	'<li>10 januari 2027: € 2.000</li>' '<li>15 februari 2027: € 1.250</li>' '<li>20 januari 2027: € 400</li>'
page_ok "the accounting lines: date, amount, what (escaped), budget line, the document's SHA-256" "/ronde/$R/voortgang" 200 nl \
	"<tr><td>10 maart 2027</td><td class=\"num\">€ 2.600</td><td>Klimrek &lt;b&gt;geplaatst&lt;/b&gt; <span class=\"muted\">(begrotingsregel 1)</span><br><span class=\"muted\">Bewijsstuk, SHA-256:</span> <code class=\"hash\">$SHA</code></td></tr>" \
	'<tr><td>12 maart 2027</td><td class="num">€ 600,50</td><td>Zand <span class="muted">(begrotingsregel 2)</span><br><span class="muted">Geen bewijsstuk.</span></td></tr>' \
	'<td>Bank (eerste)<br><span class="muted">Geen bewijsstuk.</span></td>'
page_ok "the close: summary, achieved, participants (escaped)" "/ronde/$R/voortgang" 200 nl \
	'<dt>Samenvatting</dt><dd>De speeltuin is open &lt;i&gt;voor iedereen&lt;/i&gt;</dd>' \
	'<dt>Bereikt</dt><dd>Klimrek &amp; zandbak</dd>' '<dt>Deelnemers</dt><dd>40</dd>'
page_ok "the totals" "/ronde/$R/voortgang" 200 nl \
	'<h2>Alles bij elkaar</h2>' \
	'<dt>Toegekend</dt><dd>€ 3.650</dd><dt>Betaald</dt><dd>€ 3.650</dd><dt>Besteed</dt><dd>€ 3.350,50</dd><dt>Terugbetaald</dt><dd>€ 49,50</dd></dl>'
lacks "no contact details, no document contents, no raw HTML" "$CONTACT1" "$CONTACT2" "geheim" \
	"Factuur 2027-17" "<script>" "<b>geplaatst" "<i>voor"
page_ok "English: the same figures in English" "/ronde/$R/voortgang?taal=en" 200 en \
	'<dt>Granted</dt><dd>€3,250</dd><dt>Paid</dt><dd>€3,250</dd><dt>Spent</dt><dd>€3,200.50</dd><dt>Returned</dt><dd>€49.50</dd><dt>State</dt><dd><span class="ok">✔ closed</span></dd>' \
	'overdue: the accounts are not in yet' '10 March 2027' "Document, SHA-256:</span> <code class=\"hash\">$SHA</code>" \
	'<dt>Summary</dt>' 'href="/ronde/'"$R"'?taal=en"'
lacks "… without contact details either" "$CONTACT1" "$CONTACT2"
page_ok "the English round page links to the English progress" "/ronde/$R?taal=en" 200 en \
	"href=\"/ronde/$R/voortgang?taal=en\"" "(progress)"

# A second round, counted without a single ballot: nobody funded, and it says so.
R2=$(ds -j round create Kantens "Leeg" --budget 100 --ballot approval --rule equalshares | jid)
ds initiative add "$R2" --title "Niemand stemde" --cost 50 >/dev/null
ds initiative admit "$R2/1" >/dev/null
"$DORPSSTEM" codes generate "$R2" -n 1 --cards "$T/cards2.html" --credentials "$T/creds2.txt" \
    --village Kantens --round-name Leeg --until morgen >/dev/null
ds credentials register "$R2" "$T/creds2.txt" >/dev/null
ds round open "$R2" >/dev/null
ds round close "$R2" >/dev/null
page_ok "a counted round with nothing funded says so" "/ronde/$R2/voortgang" 200 nl \
	"In deze stemronde is geen plan gekozen."
lacks "… with no totals" "Alles bij elkaar"

# Books that do not add up: with the daemon stopped, one payment in the store's ledger is
# changed (€ 2.000 → € 2.100; the web process checks no signature, the fold catches the
# second payment going above the grant, as `audit verify` would). The page says so plainly and shows no figures.
WPID=$(pgrep -f "dorpsstemd -W [0-9a-f]{64} -f $T/d.conf" | head -1)
WARGS=$(ps -o args= -p "$WPID" 2>/dev/null); WARGS=${WARGS#*-W }
stop_daemon
for i in $(seq 1 100); do kill -0 "$WPID" 2>/dev/null || break; sleep 0.05; done
if ! command -v mdb_dump >/dev/null || ! command -v mdb_load >/dev/null; then
	echo "skip - books that do not add up (mdb_dump/mdb_load of lmdb-utils not installed)"
else
	mdb_dump -s events "$T/data" >"$T/events.dump"
	# An event value: round u32, seq u64, time i64, type u16 (SPENDING_PAY 0x0171) …; the
	# body holds the amount as a big-endian u64 (200000 cents).
	python3 - "$T/events.dump" <<'PY'
import sys
p = sys.argv[1]; lines = open(p).read().split("\n"); n = 0
for i, l in enumerate(lines):
	v = l.strip()
	if len(v) > 44 and v[40:44] == "0171" and "0000000000030d40" in v:
		lines[i] = l.replace("0000000000030d40", "0000000000033450"); n += 1
open(p, "w").write("\n".join(lines))
sys.exit(0 if n == 1 else 1)
PY
	if [ $? != 0 ]; then
		nok "the payment of € 2.000 is found in the store's ledger to change"
	else
		mdb_load -s events -f "$T/events.dump" "$T/data"
		# The web process alone (no daemon, no channel), as dorpsstemd would start it.
		"$DORPSSTEMD" -d -W $WARGS 2>>"$T/web.log" &
		WALONE=$!
		for i in $(seq 1 100); do curl -s -o /dev/null "$W/" && break; sleep 0.05; done
		page_ok "books that do not add up: said plainly, with the reason" "/ronde/$R/voortgang" 200 nl \
			'role="alert"' "De boeken van deze stemronde kloppen niet." "Daarom staan hier geen bedragen." \
			"Wat niet klopt (de technische melding, in het Engels): field amount: paying € 1.250 would bring the payments to € 3.350"
		lacks "… and no figures" "<dt>Toegekend</dt>" "<dt>Betaald</dt>" "Alles bij elkaar" "$SHA"
		page_ok "… in English too" "/ronde/$R/voortgang?taal=en" 200 en "The books of this round do not add up."
		page_ok "… while the other round's page still works" "/ronde/$R2/voortgang" 200 nl \
			"In deze stemronde is geen plan gekozen."
		kill "$WALONE"; wait "$WALONE" 2>/dev/null
	fi
fi

finish
