#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# A hostile bundle publisher (red team of issue 9): the stored honest vector
# tests/audit/adversary/good-honest, changed in the record files' text the way a publisher
# could without any key — duplicate records, line-end and case tricks, a file that never
# ends — must fail `dorpsstem audit verify` by name, quickly, without a crash or a hang.
. "$TOP/tests/integration/lib.sh"
V="$TOP/tests/audit/adversary"
[ -d "$V/good-honest" ] || { echo "not ok - vector good-honest missing"; exit 1; }

# hostile DESC PATTERN SETUP: a fresh copy of good-honest in $T/b, SETUP run on it (in $T),
# then audit verify must exit 1 within 30 s, print PATTERN, and no sanitizer report.
hostile() {
	local desc=$1 pat=$2 setup=$3 rc
	rm -rf "$T/b"; cp -r "$V/good-honest" "$T/b"
	(cd "$T" && eval "$setup") || { nok "$desc (setup)"; return; }
	timeout 30 "$DORPSSTEM" audit verify "$T/b" --ledger "$V/good-honest.ledger.txt" \
	    >"$T/v.out" 2>"$T/v.err"; rc=$?
	if [ "$rc" = 1 ] && grep -qE -- "$pat" "$T/v.out" && ! grep -qE 'Sanitizer|runtime error' "$T/v.err"; then
		ok "$desc"; echo "#   $(grep -E -- "$pat" "$T/v.out" | head -1)"
	else
		nok "$desc (exit $rc)"; sed 's/^/#   /' "$T/v.out" "$T/v.err" | grep -E 'FAILED|rror' | head -6
	fi
}

hostile "an organiser key listed twice in organisers.txt" \
    "^FAILED: root of trust: organisers.txt: record [0-9]+ \(line [0-9]+\): field key: [0-9a-f]{16}… is listed already \(record 1\): one record per organiser key" \
    'grep -v "^#" b/organisers.txt | head -1 >>b/organisers.txt'
hostile "ballots.txt a symbolic link to /dev/zero (never ends)" \
    "^FAILED: files: $T/b/ballots.txt: not a regular file" \
    'rm b/ballots.txt && ln -s /dev/zero b/ballots.txt'
hostile "events.txt a directory" "^FAILED: files: $T/b/events.txt: not a regular file" \
    'rm b/events.txt && mkdir b/events.txt'
hostile "a 5 MB line in ballots.txt" \
    "^FAILED: files: $T/b/ballots.txt: record 3 \(line 5\): longer than any record can be" \
    'head -c 5000000 /dev/zero | tr "\0" 0 >>b/ballots.txt && echo >>b/ballots.txt'
hostile "CRLF line ends in ballots.txt" \
    "^FAILED: files: $T/b/ballots.txt: line 1: the first line must be \"# dorpsstem audit ballots v1\"" \
    "sed -i 's/\$/\r/' b/ballots.txt"
hostile "a CR at the end of one ballot record" \
    "^FAILED: files: $T/b/ballots.txt: record 1 \(line [0-9]+\): (an odd number of hex digits|not lowercase hex)" \
    "sed -i '0,/^[0-9a-f]/s/^\([0-9a-f]*\)\$/\1\r/' b/ballots.txt"
hostile "upper-case hex in credentials.txt" \
    "^FAILED: files: $T/b/credentials.txt: record 1 \(line [0-9]+\): not lowercase hex" \
    "sed -i '/^[0-9a-f]/s/.*/\U&/' b/credentials.txt"
hostile "a byte-order mark before round.txt's first line" \
    "^FAILED: files: $T/b/round.txt: line 1: the first line must be" \
    "sed -i '1s/^/\xef\xbb\xbf/' b/round.txt"
hostile "a ballot record duplicated" \
    "^FAILED: ballot order: ballots.txt: record [0-9]+ \(line [0-9]+\): the same ballot as record [0-9]+ \(duplicated\)" \
    'grep -v "^#" b/ballots.txt | head -1 >>b/ballots.txt && { head -2 b/ballots.txt; grep -v "^#" b/ballots.txt | sort; } >b/x && mv b/x b/ballots.txt'
hostile "round.pb with CRLF line ends (disagrees with ballots.txt)" \
    "^FAILED: pabulib file: round.pb: line 1: differs from the pabulib form" \
    "sed -i 's/\$/\r/' b/round.pb"
hostile "round.pb with one vote changed" \
    "^FAILED: pabulib file: round.pb: line [0-9]+: differs from the pabulib form" \
    "sed -i '\$s/;\([0-9]*\)\$/;9\1/' b/round.pb"
# The body of the credentials-register event names another round (its signature breaks
# too): named, and nothing leaks (make sanitize runs this under ASan/LSan).
hostile "a credentials batch for another round in events.txt" \
    "^FAILED: credentials: events.txt: record [0-9]+: field body: not a credentials batch of this round" \
    "awk '/^[0-9a-f]/ && substr(\$0, 41, 4) == \"0140\" { \$0 = substr(\$0, 1, 324) \"7fffffff\" substr(\$0, 333) } 1' b/events.txt >b/x && mv b/x b/events.txt"
hostile "ledger 0: two events swapped in village-events.txt" \
    "^FAILED: ledger 0: village-events.txt: record 2 \(line [0-9]+\): field seq: ledger 0 must be here in full and in order" \
    "awk 'NR == 4 { l = \$0; next } NR == 5 { print; print l; next } 1' b/village-events.txt >b/x && mv b/x b/village-events.txt"
hostile "a kiosk-enroll event listed twice (the same kiosk id again)" \
    "^FAILED: kiosks: village-events.txt: kiosk id [0-9]+ enrolled twice" \
    "grep '^[0-9a-f]' b/village-events.txt | awk 'substr(\$0, 41, 4) == \"0150\"' | head -1 >>b/village-events.txt"
hostile "a credential record duplicated in credentials.txt" \
    "^FAILED: credentials: credentials.txt: record 2 \(line 4\): field key: not after the key before it" \
    "awk 'NR == 3 { print } 1' b/credentials.txt >b/x && mv b/x b/credentials.txt"
finish
