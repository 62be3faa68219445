#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The public web site (daemon/web.c, docs/web.md) against the real daemon: its own process
# and user, every page fetched and checked (status, lang, content), the receipt and card
# forms driven, HTML injection escaped, and the edge's limits hit (huge headers, big and
# slow bodies, a form flood) while ballots keep being taken.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "skip - web pages (curl is not installed)"; exit 0; }
WPORT=$(free_port)
W="http://127.0.0.1:$WPORT"
mkdir -p "$T/pub"
chmod 711 "$T"	# the web user (nobody) reads the published bundles, nothing else
# The proxy (nginx, below) connects from 127.0.0.2: only its X-Forwarded-For is believed.
printf 'listen web on 127.0.0.1 port %s\nweb bundles "%s"\nweb proxy 127.0.0.2\n' "$WPORT" "$T/pub" >>"$T/d.conf"
start_daemon
for i in $(seq 1 100); do curl -s -o /dev/null "$W/" && break; sleep 0.05; done

# get PATH: body to $T/page, status to stdout.
get() { curl -s -o "$T/page" -w '%{http_code}' "$W$1"; }
post() { curl -s -o "$T/page" -w '%{http_code}' --data-urlencode "$2" "$W$1"; }
has() { grep -qF -- "$1" "$T/page"; }
page_ok() {	# DESC PATH STATUS LANG TEXT…
	local desc=$1 path=$2 want=$3 lang=$4 st; shift 4
	st=$(get "$path")
	if [ "$st" != "$want" ]; then nok "$desc (status $st, wanted $want)"; return; fi
	if ! has "<html lang=\"$lang\">"; then nok "$desc (no lang=$lang)"; return; fi
	for t in "$@"; do
		if ! has "$t"; then nok "$desc (missing \"$t\")"; sed 's/^/#   /' "$T/page" | head -40; return; fi
	done
	ok "$desc"
}

# ---- the process ------------------------------------------------------------------------
WPID=$(pgrep -f "dorpsstemd -W [0-9a-f]{64} -f $T/d.conf" | head -1)
if [ -n "$WPID" ] && [ "$WPID" != "$DPID" ]; then ok "the web site runs as its own process"
else nok "the web site runs as its own process"; fi
WUSER=$(ps -o user= -p "$WPID" 2>/dev/null | tr -d ' ')
if [ "$(id -u)" = 0 ]; then
	[ "$WUSER" = nobody ] && ok "it dropped to user nobody" || nok "it dropped to user nobody (runs as $WUSER)"
else
	echo "skip - privilege drop (tests not run as root)"
fi
# No key in it: the daemon's key file is not open and the process was exec'ed.
if ls -l /proc/"$WPID"/fd 2>/dev/null | grep -q 'daemon.key'; then nok "no key file is open in the web process"
else ok "no key file is open in the web process"; fi

# ---- before the vote ---------------------------------------------------------------------
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name "Dorpshuis De Wierde" >/dev/null
R=$(ds -j round create Kantens "Ronde 2027" --budget 10000 --ballot approval --rule greedy | jid)
ids=()
for t in "<script>alert(1)</script>:4000" "Repair Café:3000" "Speeltuin & bankjes:6000"; do
	i=$(ds -j initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" --summary "Plan voor het dorp. <b>vet</b>" --proposer "Jan \"de\" Vries" | jid)
	ds initiative admit "$i" >/dev/null
	ids+=("$i")
done
page_ok "/ lists the village and its round" / 200 nl "Kantens" "/ronde/$R\"" "Ronde 2027" "in voorbereiding"
page_ok "/?taal=en is English" "/?taal=en" 200 en "Village budget: you decide" "being prepared"
page_ok "the language switch leads back to Dutch on the same page" "/ronde/1?taal=en" 200 en 'href="/ronde/1" lang="nl"' 
page_ok "/ronde/ID before the vote: numbered initiatives with cost and proposer" "/ronde/$R" 200 nl \
	'<span class="nr">1</span> &lt;script&gt;alert(1)&lt;/script&gt;' '<span class="nr">2</span> Repair Café' \
	'<span class="nr">3</span> Speeltuin &amp; bankjes' "€ 4.000" "Jan &quot;de&quot; Vries" "&lt;b&gt;vet&lt;/b&gt;"
if grep -q '<script\|<b>vet' "$T/page"; then nok "a title or summary with HTML is escaped"; else ok "a title or summary with HTML is escaped"; fi
# The aanvraag's budget lines and the decision condition by condition (issue 13's data).
printf 'Voor en door inwoners.\nOpenbaar toegankelijk.\nMet een offerte.\n' >"$T/vw.txt"
ds conditions set Kantens "$T/vw.txt" >/dev/null
ds initiative submit "$R" --title "Moestuin" --proposer "Buurtbewoners" --contact "geheim 0596-123456" \
	--line "Zaad en plantjes=250,50" --line "Gereedschap <hark>=400" --cofunding "Gemeente=100" \
	--volunteers 6 --planned "april tot oktober" >/dev/null
ds initiative admit "$R/4" >/dev/null
ds initiative add "$R" --title "Privétuin" --cost 500 >/dev/null
ds initiative reject "$R/5" --reason "Niet <i>openbaar</i>" --unmet 2 >/dev/null
ds initiative add "$R" --title "Nog te beoordelen" --cost 100 >/dev/null
page_ok "/ronde/ID shows an aanvraag's budget lines, co-funding, volunteers and period" "/ronde/$R" 200 nl \
	'<caption>Begroting</caption>' '<td>Zaad en plantjes</td><td class="num">€ 250,50</td>' \
	'<td>Gereedschap &lt;hark&gt;</td>' 'Totaal (gevraagd)</th><td class="num"><strong>€ 650,50</strong>' \
	'<dt>Meebetaald door</dt><dd>Gemeente: € 100</dd>' '<dt>Vrijwilligers</dt><dd>6</dd>' 'april tot oktober'
page_ok "… the decision condition by condition, with the voorwaarden's text" "/ronde/$R" 200 nl \
	'Getoetst aan de voorwaarden van het dorp:' '(versie 1)' \
	'<span class="ok">✔ voldaan:</span> 1. Voor en door inwoners.' \
	'<span class="fout">✘ niet voldaan:</span> 2. Openbaar toegankelijk.' \
	'niet toegelaten. Reden: Niet &lt;i&gt;openbaar&lt;/i&gt;' 'ingediend, wordt beoordeeld'
if has "geheim" || has "0596"; then nok "contact details are never on the page"; else ok "contact details are never on the page"; fi
page_ok "… and in English" "/ronde/$R?taal=en" 200 en '✘ not met:</span> 2.' 'Co-funded by' 'Reason: Niet'
# The round numbers on the page are those of proto/roundnr, as the client gives them.
ds -j initiative list "$R" >"$T/il.json"
get "/ronde/$R" >/dev/null
python3 - "$T/il.json" "$T/page" >"$T/nrs" 2>&1 <<'PY'
import html, json, re, sys
raw = open(sys.argv[1]).read()
items = json.loads(raw)
items = items.get("items", items) if isinstance(items, dict) else items
page = open(sys.argv[2], encoding="utf-8").read()
shown = {html.unescape(t): int(n) for n, t in
         re.findall(r'<h3 id="plan\d+"><span class="nr">(\d+)</span> (.*?)</h3>', page)}
want = {i["title"]: i["nr"] for i in items}
print("ok" if shown == want and len(want) == 6 else "differ %r %r" % (shown, want))
PY
grep -qx ok "$T/nrs" && ok "the page's round numbers are the client's (proto/roundnr), all six" ||
	{ nok "the page's round numbers are the client's"; sed 's/^/#   /' "$T/nrs"; }
page_ok "English round page uses English money" "/ronde/$R?taal=en" 200 en "€4,000" "Cost"
curl -s -D "$T/hdr" -o /dev/null "$W/ronde/$R"
grep -qi "^Content-Security-Policy: default-src 'none'; style-src 'self'" "$T/hdr" && ! grep -qi '^Set-Cookie' "$T/hdr" &&
	ok "strict Content-Security-Policy and no cookies" || nok "strict Content-Security-Policy and no cookies"
st=$(get /stijl.css); [ "$st" = 200 ] && has "font-size:1.125rem" && has ".w100{width:100%}" &&
	ok "the stylesheet is served from the binary" || nok "the stylesheet is served from the binary ($st)"
page_ok "unknown pages are 404 in Dutch" /bestaat-niet 404 nl "Deze pagina bestaat niet"
page_ok "/ronde/ID/voortgang before the vote: progress comes after the result (web_voortgang.sh tests the rest)" \
	"/ronde/$R/voortgang" 200 nl "De voortgang volgt na de uitslag"
page_ok "/ronde/ID/voortgang of a round that does not exist is 404" /ronde/999/voortgang 404 nl "Deze pagina bestaat niet"
page_ok "/dorp/NAAM/JAAR before any round closed: a Dutch 404 (overview.sh tests the page)" /dorp/Kantens/2027 404 nl "Geen jaaroverzicht voor dit jaar"
page_ok "a round that does not exist is 404" /ronde/999 404 nl "Deze pagina bestaat niet"
st=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$W/"); [ "$st" = 405 ] || [ "$st" = 501 ] && ok "PUT is refused ($st)" || nok "PUT is refused ($st)"

# ---- the vote ------------------------------------------------------------------------------
"$DORPSSTEM" codes generate "$R" -n 8 --cards "$T/cards.html" --credentials "$T/creds.txt" \
	--village Kantens --round-name "Ronde 2027" >/dev/null 2>&1
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds round open "$R" >/dev/null
mapfile -t CODES < <(codes "$T/cards.html")
for n in 0 1 2 3; do
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "${CODES[$n]}" --choose "${ids[$((n % 3))]}" \
		--receipt-file "$T/receipt$n.txt" >/dev/null || nok "vote $n"
done
page_ok "while voting: where, until when and live turnout" "/ronde/$R" 200 nl "stemmen kan nu" \
	"Waar kunt u stemmen?" "Dorpshuis De Wierde" "Opkomst: <strong>4</strong> van 8 stemkaarten (50%)"
REC=$(sed -n 's/^receipt //p' "$T/receipt0.txt")
BAL=$(sed -n 's/^ballot //p' "$T/receipt0.txt")
page_ok "the receipt form" "/ronde/$R/stembewijs" 200 nl '<label for="stembewijs">' 'method="post"'
st=$(post "/ronde/$R/stembewijs" "stembewijs=$REC")
[ "$st" = 200 ] && has "Uw stem is meegeteld." && has "$BAL" && ok "a receipt is found while voting, with its ballot hash" ||
	{ nok "a receipt is found while voting ($st)"; sed 's/^/#   /' "$T/page" | grep -i melding; }
low=$(echo "$REC" | tr 'A-Z' 'a-z' | tr -d '-')
st=$(post "/ronde/$R/stembewijs" "stembewijs= $low ")
[ "$st" = 200 ] && has "Uw stem is meegeteld." && ok "lower case without dashes is found too" || nok "lower case without dashes ($st)"
# A typo: change the first symbol; the check symbol catches it before any lookup.
first=${REC:0:1}; [ "$first" = A ] && sub=B || sub=A
st=$(post "/ronde/$R/stembewijs" "stembewijs=$sub${REC:1}")
[ "$st" = 400 ] && has "tikfout" && has 'aria-invalid="true"' && ok "a typo is caught by the check symbol" || nok "a typo is caught ($st)"
st=$(post "/ronde/$R/stembewijs" "stembewijs=ZZZZZ-ZZZZZ")
[ "$st" = 200 ] && has "Deze stem is niet gevonden." && has "organisatie" && ok "not found says what to do" || nok "not found ($st)"
st=$(post "/ronde/$R/stembewijs" "stembewijs=<script>x</script>")
[ "$st" = 400 ] && has "geen stembewijscode" && ! grep -q '<script>x' "$T/page" && ok "hostile input is refused and escaped" || nok "hostile input ($st)"
page_ok "the card check waits for the close" "/ronde/$R/kaart" 404 nl "pas als de stemming gesloten"

# ---- limits on the edge, while ballots keep coming in ---------------------------------------
python3 - "$WPORT" >"$T/limits" 2>&1 <<'PY'
import socket, sys, time
port = int(sys.argv[1])
def talk(data, wait=3):
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    try:
        s.sendall(data)
        return s.recv(200).decode("latin1").split("\r\n")[0]
    except Exception as e:
        return "closed " + type(e).__name__
    finally:
        s.close()
print("huge", talk(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"))
print("bigbody", talk(b"POST /ronde/1/stembewijs HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n" + b"a" * 5000))
# A slow body: headers, then silence; the server must hang up by itself.
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"POST /ronde/1/stembewijs HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nstembewijs=")
t0 = time.time(); s.settimeout(30)
try:
    d = s.recv(100)
    verdict = "closed" if d == b"" or d.startswith(b"HTTP/1.1 4") else "answered"
except Exception:
    verdict = "open"
print("slow", verdict, round(time.time() - t0))
# Too many connections from one address: those over the cap (64) are cut within seconds.
socks = [socket.create_connection(("127.0.0.1", port)) for i in range(80)]
time.sleep(2.5)
cut = 0
for c in socks:	# all looked at at once (the idle timeout of 10 s would close the rest)
    c.setblocking(False)
    try:
        if c.recv(1, socket.MSG_PEEK) == b"":
            cut += 1
    except BlockingIOError:
        pass
    except Exception:
        cut += 1
for c in socks:
    c.close()
print("peraddr", cut)
# A trickled body (a byte every 2 s beats the idle timeout) is cut at the deadline (20 s).
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"POST /ronde/1/stembewijs HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n")
t0 = time.time()
try:
    for i in range(30):
        s.sendall(b"a")
        time.sleep(2)
    print("trickle open", round(time.time() - t0))
except Exception:
    print("trickle cut", round(time.time() - t0))
PY
grep -qE '^huge (HTTP/1.1 4[0-9][0-9]|closed)' "$T/limits" && ok "huge headers are refused" || { nok "huge headers are refused"; sed 's/^/#   /' "$T/limits"; }
grep -qE '^bigbody (HTTP/1.1 413|closed)' "$T/limits" && ok "a big body is refused" || { nok "a big body is refused"; sed 's/^/#   /' "$T/limits"; }
cut=$(sed -n 's/^peraddr //p' "$T/limits")
[ -n "$cut" ] && [ "$cut" -ge 10 ] && [ "$cut" -le 20 ] && ok "connections over the per-address cap are cut ($cut of 80)" ||
	{ nok "connections over the per-address cap are cut"; sed 's/^/#   /' "$T/limits"; }
tr=$(sed -n 's/^trickle cut //p' "$T/limits")
[ -n "$tr" ] && [ "$tr" -le 30 ] && ok "a trickled body is cut at the request deadline (${tr}s)" ||
	{ nok "a trickled body is cut at the request deadline"; sed 's/^/#   /' "$T/limits"; }
secs=$(sed -n 's/^slow closed \([0-9]*\)$/\1/p' "$T/limits")
[ -n "$secs" ] && [ "$secs" -le 20 ] && ok "a stalled body is cut off after ${secs}s" || { nok "a stalled body is cut off"; sed 's/^/#   /' "$T/limits"; }
# A form flood (also with made-up X-Forwarded-For: no proxy is configured, so it is ignored)
# alongside a vote.
( for n in $(seq 1 30); do curl -s -o /dev/null -w '%{http_code}\n' -H "X-Forwarded-For: 10.0.0.$n" \
	--data "stembewijs=ZZZZZ-ZZZZZ" "$W/ronde/$R/stembewijs"; done ) >"$T/flood" &
FL=$!
"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "${CODES[4]}" --choose "${ids[0]}" >/dev/null &&
	ok "a ballot is taken during the flood" || nok "a ballot is taken during the flood"
wait $FL
n429=$(grep -c '^429$' "$T/flood"); n200=$(grep -c '^200$' "$T/flood")
[ "$n429" -ge 15 ] && [ "$n200" -le 12 ] && ok "the form flood is rate-limited ($n200 answered, $n429 refused)" ||
	nok "the form flood is rate-limited ($n200 answered, $n429 refused)"
page_ok "the site still answers after the abuse" / 200 nl "Kantens"

# Behind nginx (docs/web.md's example without TLS): the forwarded address has its own
# bucket (straight from a client the header is not believed: the flood above).
if command -v nginx >/dev/null; then
	NPORT=$(free_port)
	mkdir -p "$T/nginx/tmp"; chmod 777 "$T/nginx" "$T/nginx/tmp"
	cat >"$T/nginx.conf" <<NGX
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $T/nginx/tmp; proxy_temp_path $T/nginx/tmp;
    fastcgi_temp_path $T/nginx/tmp; uwsgi_temp_path $T/nginx/tmp; scgi_temp_path $T/nginx/tmp;
    limit_conn_zone \$binary_remote_addr zone=dorpsstem_conn:1m;
    server {
        listen 127.0.0.1:$NPORT;
        client_max_body_size 4k;
        client_header_timeout 10s;
        client_body_timeout 10s;
        limit_conn dorpsstem_conn 20;
        location / {
            proxy_pass http://127.0.0.1:$WPORT;
            proxy_bind 127.0.0.2;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_read_timeout 15s;
        }
    }
}
NGX
	nginx -p "$T/nginx" -c "$T/nginx.conf" -g 'daemon off;' 2>>"$T/nginx/error.log" &
	NGPID=$!
	for i in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$NPORT/" && break; sleep 0.1; done
	for n in $(seq 1 14); do
		curl -s -o /dev/null -w '%{http_code}\n' --interface 127.0.0.3 --data "stembewijs=ZZZZZ-ZZZZZ" \
			"http://127.0.0.1:$NPORT/ronde/$R/stembewijs"
	done >"$T/viaproxy"
	st=$(curl -s -o "$T/page" -w '%{http_code}' --interface 127.0.0.6 --data "stembewijs=ZZZZZ-ZZZZZ" "http://127.0.0.1:$NPORT/ronde/$R/stembewijs")
	a=$(grep -c '^200$' "$T/viaproxy"); b=$(grep -c '^429$' "$T/viaproxy")
	[ "$a" -ge 8 ] && [ "$b" -ge 2 ] && [ "$st" = 200 ] && has "niet gevonden" &&
		ok "behind nginx each forwarded address has its own form allowance ($a, $b refused; another address $st)" ||
		nok "behind nginx each forwarded address has its own allowance ($a answered, $b refused, other $st)"
	st=$(curl -s -o "$T/page" -w '%{http_code}' "http://127.0.0.1:$NPORT/ronde/$R")
	[ "$st" = 200 ] && has "Ronde 2027" && ok "pages come through the nginx example" || nok "pages through nginx ($st)"
	st=$(curl -s -o "$T/page" -w '%{http_code}' "http://127.0.0.1:$NPORT/ronde/$R?taal=en")
	[ "$st" = 200 ] && has '<html lang="en">' && ok "through nginx: English page" || nok "through nginx ($st)"
	kill "$NGPID"; wait "$NGPID" 2>/dev/null
else
	echo "skip - the nginx example (nginx is not installed)"
fi

# ---- after the close ----------------------------------------------------------------------------
ds round close "$R" >/dev/null
page_ok "after: the result with a bar per initiative and turnout" "/ronde/$R" 200 nl "uitslag bekend" \
	"De uitslag" 'class="bar gekozen"' "✔ gekozen" "paste niet meer: nog" "Opkomst: <strong>5</strong>"
page_ok "the English result" "/ronde/$R?taal=en" 200 en "The result" "did not fit:"
page_ok "the card form after the close" "/ronde/$R/kaart" 200 nl '<label for="kaartcode">'
st=$(post "/ronde/$R/kaart" "kaartcode=${CODES[0]}")
[ "$st" = 200 ] && has "Met deze kaart is gestemd." && ok "a used card: a ballot was cast with it" || nok "a used card ($st)"
st=$(post "/ronde/$R/kaart" "kaartcode=${CODES[7]}")
[ "$st" = 200 ] && has "Met deze kaart is niet gestemd." && ok "an unused card: no ballot" || nok "an unused card ($st)"
c=${CODES[6]}; [ "${c:0:1}" = A ] && s2=B || s2=A
st=$(post "/ronde/$R/kaart" "kaartcode=$s2${c:1}")
[ "$st" = 400 ] && has "tikfout" && ok "a card typo is caught by the check symbol" || nok "a card typo ($st)"
if grep -qF "${CODES[0]}" "$T/page" "$T/daemon.log" || grep -qF "${CODES[7]}" "$T/daemon.log"; then
	nok "card codes are neither shown back nor logged"; else ok "card codes are neither shown back nor logged"; fi
# (from another address: 127.0.0.1 used up its form allowance in the flood)
st=$(curl -s -o "$T/page" -w '%{http_code}' --interface 127.0.0.5 --data "stembewijs=$REC" "$W/ronde/$R/stembewijs")
[ "$st" = 200 ] && has "Uw stem is meegeteld." && ok "the receipt is found after the close" || nok "receipt after the close ($st)"
FP=$(ds --lang en result "$R" | sed -n 's/^Fingerprint of the vote.*: *//p')
page_ok "/controle: the fingerprint, and no bundle yet" "/ronde/$R/controle" 200 nl "${FP:-no fingerprint}" \
	"dorpsstem audit verify" "nog niet gepubliceerd"
ds audit bundle "$R" -o "$T/pub/$R" >/dev/null
page_ok "/controle lists the published bundle" "/ronde/$R/controle" 200 nl "ballots.txt" "result.txt" "round.pb"
curl -s -o "$T/dl" "$W/ronde/$R/controle/ballots.txt"
cmp -s "$T/dl" "$T/pub/$R/ballots.txt" && ok "a bundle file downloads unchanged" || nok "a bundle file downloads unchanged"
st=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$W/ronde/$R/controle/../../../../etc/passwd")
[ "$st" = 404 ] && ok "no path outside the bundle's file list" || nok "no path outside the bundle ($st)"

# ---- the daemon restarts a dead web process; stops it with itself ---------------------------------
kill -9 "$WPID" 2>/dev/null
for i in $(seq 1 60); do curl -s -o /dev/null "$W/" && break; sleep 0.1; done
NEW=$(pgrep -f "dorpsstemd -W [0-9a-f]{64} -f $T/d.conf" | head -1)
[ -n "$NEW" ] && [ "$NEW" != "$WPID" ] && [ "$(get /)" = 200 ] && ok "a killed web process is restarted" || nok "a killed web process is restarted"
stop_daemon
sleep 0.3
pgrep -f "dorpsstemd -W [0-9a-f]{64} -f $T/d.conf" >/dev/null && nok "the web process stops with the daemon" || ok "the web process stops with the daemon"
finish
