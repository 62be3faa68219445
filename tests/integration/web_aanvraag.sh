#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# /aanvraag (daemon/web.c, docs/web.md): a resident's plan typed on the web site reaches the
# organisers as a public submission over the web process's channel to the daemon. Accepted
# (with its follow-up code, the contact details only for the organiser), every validation
# error next to its field, oversized and hostile input refused with nothing stored, HTML
# escaped, the honeypot, the rate limit per address, the cap on pending submissions, and a
# channel that can do nothing but submit.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "skip - aanvraag (curl is not installed)"; exit 0; }
WPORT=$(free_port)
W="http://127.0.0.1:$WPORT"
printf 'listen web on 127.0.0.1 port %s\n' "$WPORT" >>"$T/d.conf"
start_daemon
for i in $(seq 1 100); do curl -s -o /dev/null "$W/" && break; sleep 0.05; done
ds village add Kantens >/dev/null
R=$(ds -j round create Kantens "Ronde 2027" --budget 10000 --ballot approval --rule greedy | jid)

get() { curl -s -o "$T/page" -w '%{http_code}' "$W$1"; }
has() { grep -qF -- "$1" "$T/page"; }
count() { ds -j initiative list "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))'; }
# aan [--iface ADDR] [--en] KEY=VALUE…: POSTs the form with valid defaults, each KEY=VALUE
# replacing one (KEY= leaves it out); body to $T/page, status to stdout.
CONTACT="06-11112222 of moestuin@example.nl"
declare -A DEF=([ronde]=$R [titel]="Moestuin" [samenvatting]="Een moestuin voor iedereen, achter het dorpshuis." \
	[indiener]="Buurtbewoners" [soort]="groen" [post1]="Zaad en plantjes" [bedrag1]="250,50" [post2]="Gereedschap" \
	[bedrag2]="400" [bron1]="Gemeente" [meebedrag1]="100" [vrijwilligers]="6" [planning]="april tot oktober" \
	[contact]="$CONTACT" [akkoord]=ja)
aan() {
	local -A f; local k kv args=() iface=() url="$W/aanvraag"
	for k in "${!DEF[@]}"; do f[$k]=${DEF[$k]}; done
	while :; do
		case "${1-}" in
		--iface) iface=(--interface "$2"); shift 2 ;;
		--en) url="$W/aanvraag?taal=en"; shift ;;
		*) break ;;
		esac
	done
	for kv in "$@"; do
		k=${kv%%=*}
		if [ "$kv" = "$k=" ]; then unset "f[$k]"; else f[$k]=${kv#*=}; fi
	done
	for k in "${!f[@]}"; do args+=(--data-urlencode "$k=${f[$k]}"); done
	curl -s -o "$T/page" -w '%{http_code}' "${iface[@]}" "${args[@]}" "$url"
}

# ---- the form ------------------------------------------------------------------------------
st=$(get /aanvraag)
[ "$st" = 200 ] && has '<html lang="nl">' && has '<h1>Een plan indienen</h1>' && has '<label for="titel">' &&
	has '<label for="samenvatting">' && has '<label for="post1">' && has '<label for="bedrag1">' &&
	has '<label for="contact">' && has '<option value="'"$R"'" selected>Kantens — Ronde 2027</option>' &&
	has 'class="hp" aria-hidden="true"' && has 'name="nl_leeg" tabindex="-1"' && has 'href="/privacy"' &&
	ok "the form: every field labelled, the round chosen, the honeypot hidden, the privacy link" ||
	{ nok "the form"; sed 's/^/#   /' "$T/page" | head -30; }
st=$(get "/ronde/$R")
[ "$st" = 200 ] && has "href=\"/aanvraag?ronde=$R\"" && ok "a draft round's page links to the form for it" || nok "draft round links to the form ($st)"
st=$(get /privacy)
[ "$st" = 200 ] && has "alleen de organisatie" && has "Hoe lang" && has "Autoriteit Persoonsgegevens" && has "AVG" &&
	ok "/privacy: what is kept, who sees it, how long, the resident's rights" || nok "/privacy ($st)"
st=$(get "/aanvraag?taal=en")
[ "$st" = 200 ] && has '<html lang="en">' && has "Hand in a plan" && ok "the form in English" || nok "the form in English ($st)"

# ---- accepted ----------------------------------------------------------------------------------
n0=$(count "$R")
st=$(aan)
code=$(grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' "$T/page" | head -1)
[ "$st" = 200 ] && has "Uw plan is ontvangen" && has "nummer <strong>1</strong>" && [ -n "$code" ] &&
	[ "$(count "$R")" = $((n0 + 1)) ] && ok "an aanvraag is accepted: number 1 and a follow-up code" ||
	{ nok "an aanvraag is accepted ($st)"; sed 's/^/#   /' "$T/page" | grep -i 'melding\|<h1' | head; }
grep -qF "06-1111" "$T/page" && nok "the confirmation does not show the contact details" || ok "the confirmation does not show the contact details"
ds initiative list "$R" >"$T/il.txt"
grep -qE '^ *1 +submitted +€ 650,50 +Moestuin +Buurtbewoners +groen' "$T/il.txt" &&
	ok "it reaches the organisers as submitted, its cost the sum of the lines" || { nok "it reaches the organisers"; sed 's/^/#   /' "$T/il.txt"; }
ds initiative show "$R/1" >"$T/show.txt"
grep -qx '  budget line  Zaad en plantjes: € 250,50' "$T/show.txt" && grep -qx '  budget line  Gereedschap: € 400' "$T/show.txt" &&
	grep -qx '  co-funding   Gemeente: € 100' "$T/show.txt" && grep -qx '  volunteers   6' "$T/show.txt" &&
	grep -qx '  planned      april tot oktober' "$T/show.txt" &&
	ok "with its budget lines, co-funding, volunteers and period" || { nok "its budget lines"; sed 's/^/#   /' "$T/show.txt"; }
[ "$("$DORPSSTEM" -s "$SOCK" -k "$T/org.key" initiative contact "$R/1")" = "$CONTACT" ] &&
	ok "the organiser reads the contact details as typed" || nok "the organiser reads the contact details"
get "/ronde/$R" >/dev/null
has "Moestuin" && has "ingediend, wordt beoordeeld" && ! grep -qF "06-1111" "$T/page" && ! grep -qF "example.nl" "$T/page" &&
	ok "the round page shows the plan, never the contact details" || nok "the round page shows the plan, not the contact"
if grep -qF "06-1111" "$T/daemon.log" || grep -qF "$code" "$T/daemon.log"; then
	nok "neither contact details nor the follow-up code are logged"
else ok "neither contact details nor the follow-up code are logged"; fi
st=$(aan --en)
[ "$st" = 200 ] && has "Your plan has been received" && has '<html lang="en">' && ok "accepted in English too" || nok "accepted in English ($st)"

# ---- each validation error: next to its field, nothing stored ----------------------------------
n0=$(count "$R")
long=$(head -c 4100 /dev/zero | tr '\0' a)
verr() {	# DESC FIELD TEXT KEY=VALUE…
	local desc=$1 field=$2 text=$3 st; shift 3
	st=$(aan "$@")
	if [ "$st" = 400 ] && has "$text" && has "id=\"$field\"" &&
	    grep -qE "id=\"$field\"[^>]*aria-invalid=\"true\"" "$T/page" && has "id=\"$field-fout\">" &&
	    has 'class="melding fout foutsamenvatting"' && has "<a href=\"#$field\">"; then
		ok "validation: $desc"
	else
		nok "validation: $desc (status $st)"; grep -o 'foutmelding[^<]*' "$T/page" | sed 's/^/#   /'
	fi
}
verr "no title" titel "Geef uw plan een naam." titel=
verr "no description" samenvatting "Beschrijf in een paar zinnen wat u wilt doen." samenvatting=
verr "no proposer" indiener "Vul in wie het plan indient" indiener=
verr "no budget line at all" post1 "Vul ten minste één kostenpost in" post1= bedrag1= post2= bedrag2=
verr "a line without an amount" bedrag1 "Vul het bedrag in, bijvoorbeeld 250" bedrag1=
verr "an amount that is not one" bedrag2 "Dit is geen bedrag in euro" bedrag2=twaalf
verr "an amount of zero" bedrag2 "Dit is geen bedrag in euro" bedrag2=0
verr "an amount without what it is for" post2 "Schrijf op waarvoor dit bedrag is." post2=
verr "lines above the round's budget" post1 "meer dan het hele budget" bedrag2=9800
verr "co-funding without an amount" meebedrag1 "Vul het bedrag in euro" meebedrag1=
verr "an amount without who co-funds it" bron1 "Schrijf op wie dit bedrag meebetaalt." bron1=
verr "volunteers not a number" vrijwilligers "Vul een aantal in" vrijwilligers=veel
verr "no contact details" contact "Vul een telefoonnummer of e-mailadres in" contact=
verr "the privacy box not ticked" akkoord "zet dan het vinkje" akkoord=
verr "no round" ronde "Kies de stemronde" ronde=
verr "a round that does not exist" ronde "Deze stemronde bestaat niet." ronde=999
verr "a description that is too long" samenvatting "Deze tekst is te lang." "samenvatting=$long"
verr "a title with a control character" titel "tekens die wij niet kunnen opslaan" "titel=$(printf 'Moes\001tuin')"
verr "a period that is too long" planning "Deze tekst is te lang." "planning=${long:0:150}"
st=$(aan --en titel=)
[ "$st" = 400 ] && has "Give your plan a name." && ok "validation messages in English" || nok "validation in English ($st)"
# The contact details are not shown back, even on a form with an error.
aan titel= contact="geheim-0612" >/dev/null
grep -qF "geheim-0612" "$T/page" && nok "contact details are not shown back on an error" ||
	{ has "opnieuw in: wij tonen het niet terug" && ok "contact details are not shown back on an error (asked again)" || nok "contact details asked again"; }
[ "$(count "$R")" = "$n0" ] && ok "no validation error stored anything ($n0 initiatives)" || nok "validation errors stored nothing ($(count "$R") vs $n0)"

# ---- hostile input --------------------------------------------------------------------------------
st=$(aan titel='<script>alert(1)</script>' samenvatting='<img src=x onerror=alert(1)>' indiener='"><b>x</b>' bedrag1=nee)
[ "$st" = 400 ] && ! grep -q '<script>alert\|<img src=x\|"><b>' "$T/page" && has '&lt;script&gt;alert(1)&lt;/script&gt;' &&
	ok "typed HTML is escaped when the form comes back" || nok "typed HTML escaped on the form ($st)"
st=$(aan --iface 127.0.0.2 titel='<script>alert(1)</script>' samenvatting='<img src=x onerror=alert(1)>' indiener='"><b>x</b>')
n1=$(count "$R")
get "/ronde/$R" >/dev/null
[ "$st" = 200 ] && ! grep -q '<script>alert\|<img src=x\|"><b>' "$T/page" && has '&lt;img src=x onerror=alert(1)&gt;' &&
	has '&quot;&gt;&lt;b&gt;x&lt;/b&gt;' && ok "an accepted aanvraag with HTML shows as text on the round page" ||
	nok "HTML of an accepted aanvraag escaped ($st)"
st=$(aan --iface 127.0.0.2 nl_leeg="http://spam.example/")
[ "$st" = 400 ] && has "verborgen veld" && [ "$(count "$R")" = "$n1" ] && ok "the honeypot filled in: refused, nothing stored" ||
	nok "honeypot ($st)"
big=$(head -c 30000 /dev/zero | tr '\0' a)
st=$(curl -s -o "$T/page" -w '%{http_code}' --interface 127.0.0.2 --data "ronde=$R&titel=x&samenvatting=$big" "$W/aanvraag")
{ [ "$st" = 413 ] || [ "$st" = 000 ]; } && [ "$(count "$R")" = "$n1" ] && ok "an oversized body is refused ($st), nothing stored" ||
	nok "an oversized body ($st)"
st=$(curl -s -o "$T/page" -w '%{http_code}' --interface 127.0.0.2 --data-binary $'ronde=1&titel=%FF%FE&\x01' "$W/aanvraag")
[ "$st" = 400 ] && [ "$(count "$R")" = "$n1" ] && ok "a malformed body is refused, nothing stored" || nok "a malformed body ($st)"
st=$(curl -s -o "$T/page" -w '%{http_code}' --interface 127.0.0.2 --data "stembewijs=$big" "$W/ronde/$R/stembewijs")
{ [ "$st" = 413 ] || [ "$st" = 000 ]; } && ok "the other forms keep their 2 KiB body limit ($st)" || nok "the other forms' body limit ($st)"

# ---- limits: per address, and pending submissions --------------------------------------------------
for i in 1 2 3 4; do aan --iface 127.0.0.7 titel="Plan $i"; echo; done >"$T/rate"
n2=$(count "$R")
[ "$(sed -n 1,3p "$T/rate" | tr '\n' ' ')" = "200 200 200 " ] && [ "$(sed -n 4p "$T/rate")" = 429 ] &&
	[ "$n2" = $((n1 + 3)) ] && has "Wacht twintig minuten" &&
	ok "three aanvragen from one address, then 429 (nothing stored)" || { nok "rate limit per address"; sed 's/^/#   /' "$T/rate"; }
R2=$(ds -j round create Kantens "Ronde 2028" --budget 10000 --ballot approval --rule greedy | jid)
for i in $(seq 1 200); do
	"$DORPSSTEM" -s "$SOCK" initiative submit "$R2" --public --title "Plan $i" --proposer P --contact c --line "x=1" >/dev/null || break
done
st=$(aan --iface 127.0.0.8 ronde="$R2")
[ "$st" = 503 ] && has "heel veel plannen" && [ "$(count "$R2")" = 200 ] &&
	ok "the cap on pending submissions: the 201st is refused with a sentence" || nok "the pending cap ($st, $(count "$R2"))"
ds round open "$R" >/dev/null 2>&1 || { ds initiative admit "$R/1" >/dev/null; ds round open "$R" >/dev/null; }
st=$(aan --iface 127.0.0.9)
[ "$st" = 400 ] && has "niet meer in voorbereiding" && ok "an open round takes no aanvraag" || nok "open round ($st)"

# ---- the channel: the web process can submit and nothing else ---------------------------------------
WPID=$(pgrep -f "dorpsstemd -W [0-9a-f]{64} -f $T/d.conf" | head -1)
if [ "$(id -u)" = 0 ] && [ -n "$WPID" ]; then
	python3 - "$WPID" >"$T/chan" 2>&1 <<'PY'
import ctypes, os, socket, struct, sys
# Borrow the web process's channel (pidfd_getfd, as root) and try what a bug in the web
# code could try: any request but public-submit must be refused.
libc = ctypes.CDLL(None, use_errno=True)
pidfd = os.pidfd_open(int(sys.argv[1]))
fd = libc.syscall(438, pidfd, 3, 0)		# pidfd_getfd
if fd < 0:
    print("nofd", ctypes.get_errno()); sys.exit(0)
s = socket.socket(fileno=fd)
s.settimeout(5)
def frame(t, reqid, body):
    return struct.pack(">IHI", 6 + len(body), t, reqid) + body
def reply(reqid):
    while True:
        hdr = b""
        while len(hdr) < 4:
            hdr += s.recv(4 - len(hdr))
        n = struct.unpack(">I", hdr)[0]
        p = b""
        while len(p) < n:
            p += s.recv(n - len(p))
        t, r = struct.unpack(">HI", p[:6])
        if r == reqid:
            return t, p[6:]
for name, t, body in (("round-list", 0x0021, struct.pack(">I", 0)),
                      ("round-open", 0x0121, struct.pack(">I", 1) + b"\0" * 80),
                      ("contact-get", 0x0164, struct.pack(">I", 1) + b"\0" * 80)):
    s.sendall(frame(t, 0x7000 + t, body))
    rt, rb = reply(0x7000 + t)
    print(name, hex(rt), struct.unpack(">H", rb[:2])[0] if rt == 0x80ff else "-",
          b"may only submit" in rb)
PY
	if grep -q nofd "$T/chan"; then echo "skip - the channel's restriction (pidfd_getfd not allowed here)"
	elif [ "$(grep -c '0x80ff 3 True' "$T/chan")" = 3 ]; then ok "the web channel refuses every request but public-submit (round-list, round-open, contact-get)"
	else nok "the web channel refuses other requests"; sed 's/^/#   /' "$T/chan"; fi
else
	echo "skip - the channel's restriction (needs root to borrow the web process's descriptor)"
fi
# A new web process (after a crash) gets a new channel and hands in again.
kill -9 "$WPID" 2>/dev/null
R3=$(ds -j round create Kantens "Ronde 2029" --budget 10000 --ballot approval --rule greedy | jid)
for i in $(seq 1 100); do
	N=$(pgrep -f "dorpsstemd -W [0-9a-f]{64} -f $T/d.conf" | head -1)
	[ -n "$N" ] && [ "$N" != "$WPID" ] && curl -s -o /dev/null "$W/" && break
	sleep 0.1
done
st=$(aan --iface 127.0.0.10 ronde="$R3")
[ "$st" = 200 ] && [ "$(count "$R3")" = 1 ] && ok "after a restart the new web process hands in over its new channel" || nok "after a restart ($st)"
finish
