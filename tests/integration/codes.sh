#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Voting codes (dorpsstem codes generate / codes check; docs/cli.md): offline generation
# of cards and a credentials file, the card ↔ credential check an auditor makes, refusal to
# overwrite, codes never on stdout/stderr; then the card text taken from a running daemon,
# and PDF cards. Cards for older readers (issue 14): 12 pt body text, who to ask, where to
# check, and the code as a QR code that decodes (zbarimg) to the very code printed.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
off() { "$DORPSSTEM" -s "$T/no-daemon.sock" "$@"; }	# offline: no daemon behind this
codes_in() { grep -oE '[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]' "$1"; }

# ---- generate 200 codes offline ---------------------------------------------------------
off codes generate 7 -n 200 --cards cards.html --credentials creds.txt --village Kantens \
    --round-name "Dorpsbudget Kantens 2027" --where "het dorpshuis" \
    --until "zaterdag 31 mei 2027" --site stem.kantens.nl \
    --help-line "Anke de Vries, 0596 123 456" >gen.out 2>gen.err
rc=$?
check "codes generate exits 0" test "$rc" = 0
check "it says where the files are" grep -qx \
    "200 codes for round 7: cards in cards.html, credentials in creds.txt" gen.out
check "the cards file is mode 0600" test "$(stat -c %a cards.html)" = 600
check "the credentials file starts with its header" test \
    "$(head -1 creds.txt)" = "# dorpsstem credentials v1 round 7 count 200"
tail -n +2 creds.txt >keys
check "the credentials file has 200 keys of 64 lowercase hex digits" test \
    "$(grep -cxE '[0-9a-f]{64}' keys)" = 200 -a "$(wc -l <keys)" = 200
check "the keys are sorted and unique" cmp -s keys <(LC_ALL=C sort -u keys)
codes_in cards.html >codes
check "the cards hold 200 codes" test "$(wc -l <codes)" = 200
check "the 200 codes are different" test "$(sort -u codes | wc -l)" = 200
check "the cards are numbered 1..200, for the organisers" test \
    "$(grep -oE 'Kaartnummer [0-9]+ \(voor de organisatie\)' cards.html | sort -u | wc -l)" = 200
check "the cards are in Dutch with village, round, until and where" grep -q \
    "Stemmen kan tot en met zaterdag 31 mei 2027, in het dorpshuis." cards.html
check "the cards tell what to do with the code, and that nobody sees the vote" grep -q \
    "Typ de code in op de stemcomputer, of houd het vierkantje onder de scanner. Niemand ziet wat u stemt. Houd de code voor uzelf en bewaar de kaart tot de uitslag." \
    cards.html
check "… where the result and the receipt check will be (--site)" grep -q \
    "Uitslag, en nagaan of uw stem is meegeteld: stem.kantens.nl" cards.html
check "… and who to ask (--help-line)" grep -q "Vragen? Anke de Vries, 0596 123 456" cards.html
check "the body text is 12 pt" grep -q "\.when, \.how, \.site, \.help { font-size: 12pt" cards.html
check "each card has its QR code, inline" test "$(grep -c '<svg class="qr"' cards.html)" = 200
check "the cards are A4 with page breaks" grep -q "@page { size: A4" cards.html
check "34 sheets of 6 cards" test "$(grep -c '<div class="sheet">' cards.html)" = 34
check "the cards file needs nothing from outside" \
    bash -c '! grep -qiE "(src|href)=|@import|url\(" cards.html'
if grep -qFf <(sed 's/-//g' codes) gen.out gen.err || grep -qFf codes gen.out gen.err; then
	nok "no code appears on stdout or stderr"
else
	ok "no code appears on stdout or stderr"
fi

# ---- codes check --------------------------------------------------------------------------
first=$(head -1 codes) last=$(tail -1 codes)
check "codes check finds the first card's credential" off codes check 7 "$first" --credentials creds.txt
check "codes check finds the last card's credential, typed sloppily" \
    off codes check 7 "$(echo "$last" | tr 'A-Z0' 'a-zo' | tr -d -)" --credentials creds.txt
echo "$first" | off codes check 7 - --credentials creds.txt >chk.out 2>chk.err
check "codes check reads the code from stdin" test $? = 0
check "codes check names the credential, which is in the file" \
    grep -qFf <(grep -oE '[0-9a-f]{64}' chk.out) keys
if grep -qF "$first" chk.out chk.err; then nok "codes check does not echo the code"
else ok "codes check does not echo the code"; fi
# A typo: the first symbol changed to another.
c0=${first:0:1}; if [ "$c0" = 7 ]; then s=8; else s=7; fi
expect_fail "a code with one symbol changed is refused (check symbol)" "check symbol" \
    off codes check 7 "$s${first:1}" --credentials creds.txt
expect_fail "a code of the wrong length is refused" "17 symbols" \
    off codes check 7 "${first:0:19}" --credentials creds.txt
expect_fail "a code with a U is refused" "alphabet" \
    off codes check 7 "U${first:1}" --credentials creds.txt
expect_fail "a credentials file of another round is refused" "round 7, not of round 8" \
    off codes check 8 "$first" --credentials creds.txt
# A valid code that is not on these cards: one from another set.
off codes generate 7 -n 1 --cards other.html --credentials other.txt --village K \
    --round-name R >/dev/null 2>&1
other=$(codes_in other.html)
off codes check 7 "$other" --credentials creds.txt >chk.out 2>&1
check "a valid code from another set is not in the file (exit 1)" test $? = 1
check "and codes check says so" grep -q "NOT in creds.txt" chk.out
check "that code is in its own file" off codes check 7 "$other" --credentials other.txt
off -j codes check 7 "$first" --credentials creds.txt >chk.json
check "codes check -j says found" python3 -c '
import json, sys; d = json.load(open("chk.json")); sys.exit(0 if d["found"] is True and d["round"] == 7 else 1)'

# ---- never over an existing file ------------------------------------------------------------
sum0=$(sha256sum cards.html creds.txt)
expect_fail "existing files are not overwritten" "already exists" off codes generate 7 -n 5 \
    --cards cards.html --credentials creds.txt --village K --round-name R
expect_fail "an existing cards file alone is not overwritten" "cards.html already exists" \
    off codes generate 7 -n 5 --cards cards.html --credentials new.txt --village K --round-name R
check "and no credentials file is left behind" test ! -e new.txt
expect_fail "an existing credentials file alone is not overwritten" "creds.txt already exists" \
    off codes generate 7 -n 5 --cards new.html --credentials creds.txt --village K --round-name R
check "and no cards file is left behind" test ! -e new.html
check "the first files are unchanged" test "$(sha256sum cards.html creds.txt)" = "$sum0"
expect_fail "the same name for both files is refused" "different" \
    off codes generate 7 -n 5 --cards x --credentials x --village K --round-name R
expect_fail "-n 0 is refused" "number of codes" \
    off codes generate 7 -n 0 --cards x.html --credentials x.txt --village K --round-name R
expect_fail "without a daemon, village and round name are required" "--village and --round-name" \
    off codes generate 7 -n 5 --cards x.html --credentials x.txt
check "and nothing is written then" test ! -e x.html -a ! -e x.txt

# ---- the card text from a running daemon ----------------------------------------------------
start_daemon
ds village add "Kantens" >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget Kantens 2028" --budget 25000 --ballot approval \
    --rule greedy --closes "2028-05-31 18:00" | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1)
check "a round with a closing time is created" test -n "$R"
ds codes generate "$R" -n 3 --cards d.html --credentials d.txt >d.out 2>d.err
check "codes generate takes the round's name and village from the daemon" \
    grep -q "Dorpsbudget Kantens 2028" d.html
check "and the closing day" grep -q "Stemmen kan tot en met woensdag 31 mei 2028, 18:00 uur" d.html
check "its credentials are for that round" test \
    "$(head -1 d.txt)" = "# dorpsstem credentials v1 round $R count 3"
expect_fail "a round the daemon does not know is refused" "round 999" \
    ds codes generate 999 -n 3 --cards e.html --credentials e.txt
check "and nothing is written then" test ! -e e.html -a ! -e e.txt
stop_daemon

# ---- PDF cards --------------------------------------------------------------------------------
off codes generate 7 -n 20 --cards cards.pdf --credentials pdf.txt --village "Kantens-Eënrum" \
    --round-name "Dorpsbudget — café & speeltuin (€ 25.000)" --until "31 mei" >/dev/null 2>p.err
check "PDF cards are written" test "$(head -c 8 cards.pdf)" = "%PDF-1.4"
check "the PDF ends properly" bash -c 'tail -c 6 cards.pdf | grep -q "%%EOF"'
check "the PDF cards file is mode 0600" test "$(stat -c %a cards.pdf)" = 600
if command -v qpdf >/dev/null; then
	check "qpdf finds no error in the PDF" qpdf --check cards.pdf
else
	echo "skip - qpdf --check (qpdf not installed)"
fi
if command -v pdftotext >/dev/null; then
	pdftotext -layout cards.pdf pdf.txt.out
	codes_in pdf.txt.out >pcodes
	check "the PDF holds 20 codes" test "$(sort -u pcodes | wc -l)" = 20
	check "a code from the PDF is in its credentials file" \
	    off codes check 7 "$(head -1 pcodes)" --credentials pdf.txt
	check "the PDF shows ë, é and €" grep -q "Kantens-Eënrum" pdf.txt.out
	check "the PDF shows the round name with é and € (over two lines beside the QR code)" \
	    sh -c 'grep -qF "Dorpsbudget — café & speeltuin" pdf.txt.out && grep -qF "(€ 25.000)" pdf.txt.out'
	if command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null; then
		pdftoppm -r 150 -png cards.pdf page
		zbarimg -q page-*.png 2>/dev/null | sed -n 's/^QR-Code://p' | sort >qr.out
		check "the 20 QR codes decode to exactly the 20 printed codes" \
		    cmp -s qr.out <(sort -u pcodes)
	else
		echo "skip - decoding the QR codes (zbar-tools or poppler-utils not installed)"
	fi
else
	echo "skip - reading the PDF back (pdftotext not installed)"
fi
expect_fail "a name PDF cannot show is refused for PDF" "cannot show" \
    off codes generate 7 -n 2 --cards j.pdf --credentials j.txt --village "Ærø 日本" --round-name R
check "and nothing is written then" test ! -e j.pdf -a ! -e j.txt
finish
