#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# tests/conformance/pabulib.sh — the tally engine against real pabulib rounds, through the
# real CLI (the first line of `dorpsstem pabulib tally` is "Funded: " and the funded ids):
#   1. every file whose PROJECTS have a `selected` column and whose META rule we run:
#      the official outcome, with the file's rule and default options;
#   2. every row of reference.tsv (pabutools 1.2.3 outcomes): exactly those ids;
#   3. `pabulib check` accepts every real file.
# Env (tests/run-tests): DORPSSTEM, PABULIB_DIR.  Prints ok / not ok / skip lines.
set -u
D=${PABULIB_DIR:-}
if [ -z "$D" ] || ! ls "$D"/*.pb >/dev/null 2>&1; then
	echo "skip - pabulib conformance (no pabulib data)"
	exit 0
fi
if [ ! -x "${DORPSSTEM:-}" ]; then
	echo "not ok - pabulib conformance: no client at ${DORPSSTEM:-?}"
	exit 1
fi

# A set of ids in a canonical order, for comparison.
canon() { tr ',' '\n' | sed '/^$/d' | LC_ALL=C sort | paste -sd, -; }

# META rule and the ids marked selected=1, from the .pb itself (CSV with quotes).
official() {
	tr -d '\r' <"$1" | awk '
	function split_csv(line, a,    n, i, c, f, q) {
		n = 1; f = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
				} else f = f c
			} else if (c == "\"") q = 1
			else if (c == ";") { a[n++] = f; f = "" }
			else f = f c
		}
		a[n] = f
		return n
	}
	NR == 1 { sub(/^\xef\xbb\xbf/, "") }
	/^META$/ { sec = "m"; next }
	/^PROJECTS$/ { sec = "p"; hdr = 1; next }
	/^VOTES$/ { exit }
	sec == "m" { split($0, kv, ";"); if (kv[1] == "rule") rule = kv[2]; next }
	sec == "p" && hdr { n = split_csv($0, h); for (i = 1; i <= n; i++) col[h[i]] = i; hdr = 0; next }
	sec == "p" && ("selected" in col) {
		split_csv($0, f); has = 1
		if (f[col["selected"]] == "1") ids = ids (ids == "" ? "" : ",") f[col["project_id"]]
	}
	END { print (has ? rule : "-") "\t" ids }'
}

tally() { # FILE ARGS... → the first output line, or "ERROR: stderr"
	local out err rc
	err=$(mktemp)
	out=$("$DORPSSTEM" pabulib tally "$@" 2>"$err" | head -1); rc=${PIPESTATUS[0]}
	out=${out#Funded: }
	if [ "$rc" != 0 ] || [ -s "$err" ] && grep -qv '^dorpsstem pabulib: warning' "$err"; then
		out="ERROR: $(head -1 "$err")"
	fi
	rm -f "$err"
	printf '%s\n' "$out"
}

n_official=0
for f in "$D"/*.pb; do
	name=$(basename "$f")
	IFS=$'\t' read -r rule want < <(official "$f")
	if "$DORPSSTEM" pabulib check "$f" >/dev/null 2>&1; then
		echo "ok - check $name"
	else
		echo "not ok - check $name: $("$DORPSSTEM" pabulib check "$f" 2>&1 | head -3 | tr '\n' ' ')"
	fi
	case "$rule" in
	greedy|greedy-no-skip|greedy-threshold|equalshares/add1|equalshares/add1-comparison) ;;
	*) continue ;;
	esac
	n_official=$((n_official + 1))
	got=$(tally "$f")
	if [ "$(canon <<<"$got")" = "$(canon <<<"$want")" ]; then
		echo "ok - official $name ($rule)"
	else
		echo "not ok - official $name ($rule): expected $want got $got"
	fi
done
[ "$n_official" -gt 0 ] || echo "not ok - no file with an official outcome was found in $D"

# The batch mode over the whole directory in one process: every file with an official
# outcome reproduced under its own META rule (Zürich's rule is "unknown": refused, exit 1).
tot=$("$DORPSSTEM" pabulib tally "$D" 2>/dev/null | tail -1)
if grep -qE '^total: ([0-9]+) files, .* official outcome reproduced in ([0-9]+) of \2 files' <<<"$tot"; then
	echo "ok - batch tally of $D: $tot"
else
	echo "not ok - batch tally of $D: $tot"
fi

ref="$D/reference.tsv"
if [ ! -f "$ref" ]; then
	echo "skip - pabulib reference outcomes (no reference.tsv)"
	exit 0
fi
while IFS=$'\t' read -r file rule options want secs; do
	[ "$file" = file ] && continue
	[ "$want" = "-" ] && want=
	if [ ! -f "$D/$file" ]; then
		echo "skip - reference $file $rule $options (no pabulib data)"
		continue
	fi
	# shellcheck disable=SC2086  # options are words
	got=$(tally "$D/$file" --rule "$rule" $options)
	if [ "$(canon <<<"$got")" = "$(canon <<<"$want")" ]; then
		echo "ok - reference $file $rule $options"
	else
		echo "not ok - reference $file $rule $options: expected $want got $got"
	fi
done < <(sed -e ':a' -e 's/\t\t/\t-\t/' -e 'ta' "$ref")	# keep empty fields: read collapses tabs
exit 0
