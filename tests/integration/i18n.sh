#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Dutch and English: the client's main commands against a real daemon, compared with the
# golden texts in tests/golden/i18n/ (times, keys and paths replaced by placeholders);
# how the language is chosen (flag, DORPSSTEM_LANG, LANGUAGE/LC_ALL/LC_MESSAGES/LANG, a
# bare environment with only C.UTF-8); and the catalogue itself: msgfmt --check clean,
# nothing untranslated or fuzzy, every marked message of the sources in it.
# REGEN=1 rewrites the golden files from this run (then read the diff before committing).
. "$(dirname "$0")/lib.sh"
G="$TOP/tests/golden/i18n"

# What varies between runs becomes a placeholder: dates, hex keys and fingerprints, the
# private temporary directory, the software version.
normalise() {
	sed -E -e "s|$T|TMP|g" -e "s|$TOP|TOP|g" \
	    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/DATE/g' \
	    -e 's/SHA256:[0-9a-f]{64}/SHA256:FP/g' -e 's/\b[0-9a-f]{64}\b/HEX/g' -e 's/\b[0-9a-f]{16}\b/HEX16/g' \
	    -e 's|dorpsstem/[0-9][0-9.]*|dorpsstem/VERSION|g' \
	    -e 's/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/FINGERPRINT/g' \
	    -e 's/\b[0-9]+\.[0-9]+ s\b/SECONDS s/g' -e 's/\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]\b/RECEIPT/g'
}
# golden NAME CMD…: CMD's standard output and error, normalised, must equal G/NAME.
golden() {
	local name=$1; shift
	"$@" >"$T/g.out" 2>&1
	echo "exit $?" >>"$T/g.out"
	normalise <"$T/g.out" >"$T/g.norm"
	if [ -n "${REGEN:-}" ]; then mkdir -p "$G"; cp "$T/g.norm" "$G/$name"; fi
	if cmp -s "$T/g.norm" "$G/$name"; then ok "golden $name"
	else nok "golden $name"; diff -u "$G/$name" "$T/g.norm" | head -20 | sed 's/^/#   /'; fi
}
nl() { ds --lang nl "$@"; }
en() { ds --lang en "$@"; }

# ---- the catalogue ---------------------------------------------------------------------
if command -v msgfmt >/dev/null && command -v xgettext >/dev/null; then
	check "po/nl.po passes msgfmt --check" msgfmt --check -o /dev/null "$TOP/po/nl.po"
	check "po/nl.po has no untranslated entries" \
	    test -z "$(msgattrib --untranslated --no-obsolete "$TOP/po/nl.po")"
	check "po/nl.po has no fuzzy entries" \
	    test -z "$(msgattrib --only-fuzzy --no-obsolete "$TOP/po/nl.po")"
	# The sources' marked messages, extracted now (the Makefile's xgettext flags), must all
	# have a Dutch translation: a new _() without one fails here.
	(cd "$TOP" && xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	    --keyword=ngettext:1,2 --no-wrap -o "$T/now.pot" $(grep -v '^#' po/POTFILES)) 2>/dev/null
	check "every marked message of po/POTFILES is translated in po/nl.po" \
	    msgcmp "$TOP/po/nl.po" "$T/now.pot"
	check "po/dorpsstem.pot has every message the sources mark" \
	    msgcmp --use-untranslated "$TOP/po/dorpsstem.pot" "$T/now.pot"
else
	echo "skip - catalogue checks (gettext tools not installed: make deps)"
fi
check "the catalogue is built next to the client" test -f "$BUILD/locale/nl/LC_MESSAGES/dorpsstem.mo"
rm -rf "$T/dest"
check "make install-locale puts the catalogue under DESTDIR/LOCALEDIR" sh -c \
    "make -s -C '$TOP' BUILD='$BUILD' DESTDIR='$T/dest' LOCALEDIR=/usr/share/locale install-locale >/dev/null &&
     test -f '$T/dest/usr/share/locale/nl/LC_MESSAGES/dorpsstem.mo'"

# ---- help, without a daemon ------------------------------------------------------------
golden help.nl "$DORPSSTEM" --lang nl help
golden help.en "$DORPSSTEM" --lang en help
golden round-help.nl "$DORPSSTEM" --lang nl round --help
golden result-help.nl "$DORPSSTEM" --lang nl result --help
golden result-help.en "$DORPSSTEM" --lang en result --help
expect_fail "--lang wants nl or en" "--lang" "$DORPSSTEM" --lang de help

# ---- how the language is chosen --------------------------------------------------------
# Only C.UTF-8 exists on a fresh Debian; no LANG at all must still give Dutch.
bare() { env -i PATH="$PATH" DORPSSTEM_HOME="$DORPSSTEM_HOME" "$@"; }
check "no language variables at all: Dutch" sh -c "$(declare -f bare); bare '$DORPSSTEM' help | grep -q '^gebruik: dorpsstem'"
check "LANG=C.UTF-8: Dutch" sh -c "$(declare -f bare); bare LANG=C.UTF-8 '$DORPSSTEM' help | grep -q '^gebruik:'"
check "LANG=C (plain C locale): Dutch all the same" sh -c "$(declare -f bare); bare LANG=C LC_ALL=C '$DORPSSTEM' help | grep -q '^gebruik:'"
check "LANG=nl_NL.UTF-8 (a locale that is not installed): Dutch" sh -c "$(declare -f bare); bare LANG=nl_NL.UTF-8 '$DORPSSTEM' help | grep -q '^gebruik:'"
check "LANG=en_GB.UTF-8: English" sh -c "$(declare -f bare); bare LANG=en_GB.UTF-8 '$DORPSSTEM' help | grep -q '^usage: dorpsstem'"
check "LC_MESSAGES=en_US.UTF-8 over LANG=nl_NL.UTF-8: English" sh -c "$(declare -f bare); bare LANG=nl_NL.UTF-8 LC_MESSAGES=en_US.UTF-8 '$DORPSSTEM' help | grep -q '^usage:'"
check "LANGUAGE=nl:en before LC_ALL=en_US.UTF-8: Dutch" sh -c "$(declare -f bare); bare LANGUAGE=nl:en LC_ALL=en_US.UTF-8 '$DORPSSTEM' help | grep -q '^gebruik:'"
check "LANGUAGE=en: English" sh -c "$(declare -f bare); bare LANGUAGE=en '$DORPSSTEM' help | grep -q '^usage:'"
check "DORPSSTEM_LANG=nl over LANGUAGE=en: Dutch" sh -c "$(declare -f bare); bare LANGUAGE=en DORPSSTEM_LANG=nl '$DORPSSTEM' help | grep -q '^gebruik:'"
check "--lang en over DORPSSTEM_LANG=nl: English" sh -c "$(declare -f bare); bare DORPSSTEM_LANG=nl '$DORPSSTEM' --lang=en help | grep -q '^usage:'"
check "no catalogue found (DORPSSTEM_LOCALEDIR elsewhere): English, nothing breaks" sh -c "$(declare -f bare); bare DORPSSTEM_LOCALEDIR=/nonexistent '$DORPSSTEM' help | grep -q '^usage:'"

# ---- a real round ----------------------------------------------------------------------
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
golden village-add.nl nl village add Kantens
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
# Budget € 10.000, equal shares: Speeltuin (€ 6.000) is chosen; Repair Café (€ 4.500) no
# longer fits in the € 4.000 left; AED (€ 3.000) would fit but its voters have too little
# left; Bankje (€ 900) gets no votes.
R=$(ds -j round create Kantens "Dorpsbudget 2026" --budget 10000 --ballot approval \
    --rule equalshares --opens "2030-01-01 10:00" | jid)
ids=()
for t in "Repair Café:4500" "AED bij de kerk:3000" "Speeltuin:6000" "Bankje:900"; do
	i=$(ds -j initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" | jid)
	ds initiative admit "$i" >/dev/null
	ids+=("$i")
done
i=$(ds -j initiative add "$R" --title "Tweede vijver" --cost 2000 | jid)
ds initiative reject "$i" --reason "niet op gemeentegrond" >/dev/null
golden round-show-draft.nl nl round show "$R"
golden round-show-draft.en en round show "$R"
golden initiative-list.nl nl initiative list "$R"
golden refusal-budget.nl nl initiative add "$R" --title Brug --cost 20000
golden refusal-budget.en en initiative add "$R" --title Brug --cost 20000
"$DORPSSTEM" codes generate "$R" -n 10 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Ronde >/dev/null
golden credentials.nl nl credentials register "$R" "$T/creds.txt"
ds round set "$R" --opens none >/dev/null
golden round-open.nl nl round open "$R"
n=0
for code in $(codes "$T/cards.html"); do
	n=$((n + 1))
	case $((n % 5)) in
	0|1) ch="${ids[0]},${ids[2]}" ;;
	2) ch="${ids[1]},${ids[2]}" ;;
	3) ch="${ids[0]},${ids[1]}" ;;
	4) ch="${ids[2]}" ;;
	esac
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$code" --choose "$ch" >"$T/vote$n.out" ||
	    nok "vote $n"
done
golden refusal-result-early.nl nl result "$R"
golden refusal-result-early.en en result "$R"
ds round close "$R" >/dev/null
golden result.nl nl result "$R"
golden result.en en result "$R"
nl result "$R" >"$T/result.nl"
check "the unfunded Repair Café no longer fitted, and says so with what was left" \
    grep -qE 'Repair Café .*paste niet meer: nog € 4.000 over' "$T/result.nl"
check "AED would have fitted: its reason is too little support, not 'no longer fits'" \
    grep -qE 'AED bij de kerk .*te weinig steun' "$T/result.nl"
check "the explanation speaks of steps of the computation, not of rounds" \
    sh -c "sed -n '/Zo is het dorpsbudget verdeeld/,\$p' '$T/result.nl' | grep -q 'stap 1 van de berekening' &&
           ! sed -n '/Zo is het dorpsbudget verdeeld/,\$p' '$T/result.nl' | grep -qi 'ronde'"
golden round-show-tallied.nl nl round show "$R"
golden round-show-tallied.en en round show "$R"
golden round-list.nl nl round list
golden round-list.en en round list
golden refusal-state.nl nl round open "$R"
golden refusal-state.en en round open "$R"
golden refusal-notfound.nl nl round show 99
golden kiosk-list.nl nl kiosk list
golden status.nl nl status
golden status.en en status
check "JSON is the same in both languages" \
    sh -c "'$DORPSSTEM' -s '$SOCK' --lang nl -j round show $R >'$T/a.json' &&
           '$DORPSSTEM' -s '$SOCK' --lang en -j round show $R >'$T/b.json' && cmp -s '$T/a.json' '$T/b.json'"
check "the result's JSON is the same in both languages" \
    sh -c "'$DORPSSTEM' -s '$SOCK' --lang nl -j result $R >'$T/a.json' &&
           '$DORPSSTEM' -s '$SOCK' --lang en -j result $R >'$T/b.json' && cmp -s '$T/a.json' '$T/b.json'"
check "with only C.UTF-8 and no LANG, round show against the daemon is Dutch" \
    sh -c "$(declare -f bare); bare '$DORPSSTEM' -s '$SOCK' round show $R | grep -q '^  dorpsbudget  € 10.000'"

# ---- audit: verify and receipt, offline on the round's bundle ---------------------------
golden audit-bundle.nl nl audit bundle "$R" -o "$T/b"
golden audit-bundle.en en audit bundle "$R" -o "$T/b-en"
golden audit-verify.nl nl audit verify "$T/b"
golden audit-verify.en en audit verify "$T/b"
# Tampered: round.txt's budget one euro up (tests/integration/audit_tamper.c).
cp -r "$T/b" "$T/t"
"$ITEST/audit_tamper" budget "$T/t" || nok "tamper the bundle's budget"
golden audit-verify-tampered.nl nl audit verify "$T/t"
golden audit-verify-tampered.en en audit verify "$T/t"
nl audit verify "$T/t" >"$T/tv.nl"
check "a tampered bundle KLOPT NIET, with the field and both values" \
    grep -qE '^KLOPT NIET: instellingen van de ronde: round.txt: record 1 \(regel 3\): veld budget: hier 1000100, maar 1000000 in de ondertekende round-(create|set)-gebeurtenis' "$T/tv.nl"
rcode=$(sed -n 's/.*Stembewijs: //p' "$T/vote1.out")
typo="${rcode%?}$([ "${rcode: -1}" = 0 ] && echo 1 || echo 0)"
check "vote 1 gave a receipt code" test -n "$rcode"
for l in nl en; do
	golden audit-receipt-found.$l ds --lang $l audit receipt "$T/b" "$rcode"
	golden audit-receipt-typo.$l ds --lang $l audit receipt "$T/b" "$typo"
	golden audit-receipt-missing.$l ds --lang $l audit receipt "$T/b" 00000-00000
done
check "audit receipt exits 1 when the ballot is missing" sh -c "! '$DORPSSTEM' --lang nl audit receipt '$T/b' 00000-00000 >/dev/null"

# ---- pabulib check and tally, offline, on the synthetic files of tests/data/pabulib -----
P="$TOP/tests/data/pabulib"
golden pabulib-check-ok.nl nl pabulib check "$P/sentinel_greedy.pb"
golden pabulib-check-ok.en en pabulib check "$P/sentinel_greedy.pb"
golden pabulib-check-problem.nl nl pabulib check "$P/dup_id.pb"
golden pabulib-check-problem.en en pabulib check "$P/dup_id.pb"
golden pabulib-tally.nl nl pabulib tally "$P/sentinel_greedy.pb"
golden pabulib-tally.en en pabulib tally "$P/sentinel_greedy.pb"
mkdir -p "$T/pb"
cp "$P/sentinel_greedy.pb" "$P/dup_id.pb" "$P/rule_unknown.pb" "$T/pb/"
golden pabulib-batch.nl nl pabulib tally "$T/pb"
golden pabulib-batch.en en pabulib tally "$T/pb"
golden pabulib-batch-check.nl nl pabulib check "$T/pb"
check "pabulib check -j keeps the reader's problems in English" \
    sh -c "'$DORPSSTEM' --lang nl -j pabulib check '$P/dup_id.pb' | grep -q '\"message\":\"vote lists project B twice\"'"
check "pabulib tally --format csv keeps them in English too" \
    sh -c "'$DORPSSTEM' --lang nl pabulib tally '$T/pb' --format csv | grep -q 'the file.s rule is'"
finish
