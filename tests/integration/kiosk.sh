#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The kiosk (`dorpsstem kiosk`) in a real terminal: tmux runs it against the real daemon,
# the test types like a voter (send-keys) and reads the screen (capture-pane). A full vote
# with the receipt, a typo caught by the check symbol, a used code, the knapsack limit,
# details, English, the idle wipe, the daemon killed mid-vote, a lost acknowledgement,
# the round closing under a voter, the quit code, resize and a too-small screen.
# KIOSK_CAPTURE_DIR=DIR keeps a text capture of each screen (docs/kiosk-screens.md).
. "$(dirname "$0")/lib.sh"
if ! command -v tmux >/dev/null; then echo "skip - tmux is not installed (conf/deps installs it)"; exit 0; fi
export LANG=C.UTF-8
TM() { tmux -S "$T/tmux.sock" "$@"; }
stop_tmux() { TM kill-server 2>/dev/null; }
trap 'stop_tmux; cleanup' EXIT

start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget Kantens" --budget 10000 --ballot knapsack \
    --rule greedy --closes +2d | jid)
add() {
	local id
	id=$(ds -j initiative add "$R" --title "$1" --cost "$2" --proposer "$3" --category "$4" \
	    --summary "$5" | jid)
	ds initiative admit "$id" >/dev/null
}
add "Repair Café in het dorpshuis" 4000 "Stichting Dorpshuis" ontmoeten \
    "Elke eerste zaterdag van de maand repareren vrijwilligers kapotte spullen."
add "AED aan de gevel" 3000 "EHBO-vereniging" veiligheid \
    "Een AED in een verwarmde buitenkast, 24 uur per dag bereikbaar, met een reanimatiecursus."
add "Speeltuin De Wierde" 3500 "Ouders van De Wierde" jeugd \
    "Nieuwe schommels, een duikelrek en valtegels; de oude toestellen zijn afgekeurd."
add "Oma's Soep" 1800 "Jongerenraad" ontmoeten \
    "Een jaar lang kookt de jeugd elke maand samen met ouderen soep; het hele dorp eet mee."
"$DORPSSTEM" codes generate "$R" -n 8 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name "Dorpsbudget Kantens" >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
ds round open "$R" >/dev/null
mapfile -t C < <(codes "$T/cards.html")
ballots() { ds -j round show "$R" | sed -n 's/.*"ballots": *\([0-9]*\).*/\1/p' | head -1; }

# kiosk NAME COLS LINES ARGS…: the kiosk in its own tmux session.
kiosk() {
	local name=$1 x=$2 y=$3; shift 3
	TM new-session -d -s "$name" -x "$x" -y "$y" \
	    "'$DORPSSTEM' -s '$SOCK' -k '$T/kiosk.key' kiosk Kantens -d --log '$T/$name.log' $*; echo \"KIOSK EXITED \$?\"; sleep 60"
}
screen() { TM capture-pane -p -t "$1"; }
keys() { TM send-keys -t "$@"; }
# type NAME TEXT: one key at a time, as a person does (and as the kiosk reads them).
type_text() { keys "$1" -l -- "$2"; }
wait_for() {
	local i
	for ((i = 0; i < ${3:-5} * 20; i++)); do
		screen "$1" | grep -qE -- "$2" && return 0
		sleep 0.05
	done
	return 1
}
# see DESC NAME PATTERN [SECONDS]: the screen shows PATTERN (in time).
see() {
	if wait_for "$2" "$3" "${4:-5}"; then ok "$1"; else nok "$1"; screen "$2" | sed 's/^/#   /'; fi
}
step=0
capture() {
	[ -n "${KIOSK_CAPTURE_DIR:-}" ] || return 0
	mkdir -p "$KIOSK_CAPTURE_DIR"
	step=$((step + 1))
	screen "$1" | sed -e 's/[[:space:]]*$//' >"$KIOSK_CAPTURE_DIR/$(printf %02d "$step")-$2.txt"
}

kiosk k1 100 30 --site stem.kantens.nl
kiosk small 40 12
see "the kiosk opens on Welkom with the round, the closing date and the budget" k1 \
    "Welkom"
check "… and shows the budget in euros" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q '€ 10.000 te verdelen over 4 plannen'"
capture k1 welkom
see "a 40×12 terminal says the screen is too small" small "Scherm te klein"
capture small te-klein

keys k1 Tab
see "English on a key (Tab)" k1 "Type your voting code to begin"
check "… with English money (€10,000, not € 10.000)" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q '€10,000 to share among 4 plans'"
capture k1 welcome-english
keys k1 Tab
see "… and back to Dutch" k1 "Typ uw stemcode om te beginnen"

# A typo: the last symbol changed. The check symbol catches it; nothing is sent.
c0=${C[0]}
typo=${c0:0:20}$([ "${c0:20:1}" = A ] && echo B || echo A)
type_text k1 "$(tr 'A-Z' 'a-z' <<<"${typo:0:9}")"
see "typing the code starts the code screen, lower case shown as upper" k1 \
    "${c0:0:1} ${c0:1:1} ${c0:2:1} ${c0:3:1} - "
type_text k1 "${typo:9}"
see "a typo is caught by the check symbol" k1 "Deze code klopt niet — kijk nog eens naar uw kaart"
capture k1 code-typefout
keys k1 BSpace
type_text k1 "${c0:20:1}"
see "the corrected code leads to the initiatives" k1 "Stap 2 van 4: Kiezen"
check "… each with number, title, cost and summary" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -qE '1  Repair Café in het dorpshuis +€ 4.000'"

keys k1 1
keys k1 2
see "the running total and what is left" k1 "Gekozen: € 7.000 van € 10.000 +Nog € 3.000 over"
check "what no longer fits is marked" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -qE 'Speeltuin De Wierde +past niet +€ 3.500'"
keys k1 3
see "a choice that does not fit is refused with the amount left" k1 \
    "Dit past niet meer: het kost € 3.500 en er is nog € 3.000 over"
capture k1 kiezen-past-niet
keys k1 i
see "the detail view shows proposer and category" k1 "Ingediend door +Ouders van De Wierde"
capture k1 details
keys k1 Left
keys k1 Tab
see "the review shows the choices and the total" k1 "Samen: € 7.000"
check "… and asks: Klopt dit?" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'Klopt dit?'"
capture k1 controleren
keys k1 j
see "the vote is cast and the receipt code shown" k1 "Dank u wel! Uw stem is uitgebracht" 10
check "… and where to check it: the site given with --site" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'stem.kantens.nl nagaan dat uw stem'"
check "… with a receipt code in letters too" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -qE '^ +[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$'"
capture k1 bedankt
check "the ballot is counted" test "$(ballots)" = 1
sleep 1
keys k1 Space
see "a key after the receipt goes back to Welkom" k1 "Typ uw stemcode om te beginnen"
check "… and the receipt is gone from the screen" sh -c "! tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'stembewijs'"

# The same code again: the daemon's verdict, in plain Dutch, as soon as the code is typed
# (before choosing anything); nothing counted.
type_text k1 "${C[0]}"
see "a used code is refused in plain Dutch, right after typing it" k1 "Met deze code is al gestemd" 10
check "… with the next step for a voter who did not vote" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'Ga dan met uw kaart naar de'"
capture k1 al-gestemd
check "… and not counted" test "$(ballots)" = 1
sleep 1
keys k1 Space
see "after a refusal the code screen comes back, empty" k1 "_ _ _ _ - _ _ _ _ - _ _ _ _ - _ _ _ _ - _"
keys k1 Escape
sleep 0.2
keys k1 Escape
see "Escape-Escape wipes everything back to Welkom" k1 "Typ uw stemcode om te beginnen"

# The daemon stops dead during sending and comes back: the vote is cast exactly once.
type_text k1 "${C[1]}"
see "third voter chooses" k1 "Stap 2 van 4: Kiezen"
keys k1 2
keys k1 Tab
see "third voter's review" k1 "Klopt dit?"
kill -STOP "$DPID"
keys k1 j
sleep 0.5
kill9_daemon
see "with the daemon gone the kiosk says so and keeps the vote unconfirmed" k1 \
    "De verbinding is even weg. Uw stem is nog niet bevestigd"
capture k1 verbinding-weg
check "… and has not shown it as cast" sh -c "! tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'uitgebracht\\.'"
start_daemon
see "after the restart the kiosk reconnects and the vote is cast" k1 "Dank u wel! Uw stem is uitgebracht" 15
check "the ballot was stored exactly once" test "$(ballots)" = 2
sleep 1
keys k1 Space

# A lost acknowledgement (the reply never reaches the kiosk): it asks BALLOT_STATUS.
kiosk lost 100 30 --fault-drop-reply
see "a second kiosk opens" lost "Welkom"
type_text lost "${C[2]}"
see "fourth voter chooses" lost "Stap 2 van 4: Kiezen"
keys lost 1
keys lost Tab
keys lost j
see "a vote whose acknowledgement was lost is confirmed by its hash" lost "Dank u wel! Uw stem is uitgebracht" 15
check "… and stored exactly once" test "$(ballots)" = 3
check "… through BALLOT_STATUS after a reconnect" grep -q "ballot acknowledged" "$T/lost.log"
check "the debug log holds no code and no receipt" sh -c "! grep -qE '${C[2]}|[0-9A-Z]{5}-[0-9A-Z]{5}' '$T/lost.log' '$T/k1.log'"

# Idle: after --idle seconds (with a --warn warning) the voter is wiped.
kiosk idle 100 30 --idle 3 --warn 2
see "a kiosk with a short idle time opens" idle "Welkom"
type_text idle "${C[3]:0:6}"
see "a voter starts typing" idle "${C[3]:0:1} ${C[3]:1:1} ${C[3]:2:1} ${C[3]:3:1} - "
see "the idle warning counts down" idle "Bent u er nog\\? Over [12] seconden" 4
capture idle idle-waarschuwing
see "after the idle time the screen is back at Welkom" idle "Typ uw stemcode om te beginnen" 4
check "… with nothing of the code left" sh -c "! tmux -S '$T/tmux.sock' capture-pane -p -t idle | grep -q '${C[3]:0:1} ${C[3]:1:1} ${C[3]:2:1}'"

# The idle warning at 80×24: both sentences whole (they did not fit on one line).
kiosk idle80 80 24 --idle 3 --warn 2
see "an 80×24 kiosk with a short idle time opens" idle80 "Welkom"
type_text idle80 "${C[3]:0:6}"
see "the idle warning at 80×24 shows its question whole" idle80 "Bent u er nog\\? Over [12] seconden begint het scherm opnieuw\\." 4
check "… and the key to press on the next line" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t idle80 | grep -q 'Druk op een toets om verder te gaan\\.'"
capture idle80 idle-waarschuwing-80x24
# A wide screen: the rows stay within 100 columns, centred.
kiosk wide 200 30
see "a 200-column kiosk opens" wide "Welkom"
check "… its text centred in a column no wider than 100" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t wide | grep 'Typ uw stemcode' | awk '{ i = index(\$0, \"Typ\"); exit !(i > 60 && i < 120) }'"
# A card's QR code read by a USB scanner types the whole code, dashes and all, and Enter
# in one burst: the kiosk takes it as typed.
TM send-keys -t wide -l -- "${C[5]}"; TM send-keys -t wide Enter
see "a scanner's burst (code with dashes, then Enter) leads to the initiatives" wide "Stap 2 van 4: Kiezen"
check "… and its Enter chose nothing" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t wide | grep -q 'Gekozen: € 0 van € 10.000'"
check "… rows at most 100 columns wide on a 200-column screen" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t wide | grep 'Repair Café' | awk '{ sub(/ +\$/, \"\"); l = length(\$0); f = match(\$0, /[^ ]/); exit !(f > 40 && l - f < 100) }'"
keys wide Escape; keys wide Escape

# Resize: 80×24 works, 40×12 says so, and back.
TM resize-window -t k1 -x 80 -y 24
see "at 80×24 the Welkom screen fits" k1 "Typ uw stemcode om te beginnen"
capture k1 welkom-80x24
TM resize-window -t k1 -x 40 -y 12
see "shrunk to 40×12 it says the screen is too small" k1 "Scherm te klein"
TM resize-window -t k1 -x 100 -y 30
see "grown again it is back" k1 "Welkom"

# The round closes while a voter is on the review screen: nothing is sent.
type_text k1 "${C[4]}"
see "fifth voter chooses" k1 "Stap 2 van 4: Kiezen"
keys k1 4
keys k1 Tab
see "fifth voter's review" k1 "Klopt dit?"
ds round close "$R" >/dev/null
keys k1 j
see "the round closed under the voter: said plainly" k1 "De stemming is gesloten"
check "… and where the result will be (--site)" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'De uitslag komt op stem.kantens.nl'"
check "… that the vote was not cast" sh -c "tmux -S '$T/tmux.sock' capture-pane -p -t k1 | grep -q 'Uw stem is niet uitgebracht'"
capture k1 gesloten
check "… and no ballot was sent" test "$(ballots)" = 3
sleep 1
keys k1 Space
see "then: there is no vote now" k1 "Er is nu geen stemming in Kantens"
capture k1 geen-stemming

# Ctrl-C does not drop a voter to a shell: only the quit code ends the kiosk.
keys k1 C-c
see "Ctrl-C asks for the organiser's quit code" k1 "Stoppen — alleen voor de organisatie"
capture k1 stoppen
type_text k1 "raden"
keys k1 Enter
see "a wrong quit code is refused" k1 "Dat is niet de stopcode"
type_text k1 "$(grep -v '^#' "$T/kiosk.key.pub" | head -1 | cut -c1-8)"
keys k1 Enter
see "the quit code (the kiosk key's first 8 hex digits) ends the kiosk" k1 "KIOSK EXITED 0"
finish
