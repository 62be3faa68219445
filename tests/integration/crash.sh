#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Ballot intake under kill -9 and races, over TLS: nothing acknowledged is lost, nothing is
# stored twice, no credential is burnt without its ballot; two kiosks racing for one code,
# replayed frames, unknown codes, bad signatures, foreign, retired and unenrolled kiosks,
# and ballots outside the voting period are refused with their own error codes.
# crash.c does the work (it must kill the daemon at a chosen moment, so it starts it).
. "$(dirname "$0")/lib.sh"
"$ITEST/crash" "$T/d.conf" "$SOCK" "$T/org.key" "$PORT" "$T/daemon.log" || FAILED=1
finish
