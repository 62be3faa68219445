#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Bad input at the protocol boundary: every malformed, oversized, unauthenticated or
# out-of-range request gets a precise error, changes nothing, and the daemon keeps serving.
# The checks themselves are in badinput.c (it needs to forge frames and signatures).
. "$(dirname "$0")/lib.sh"
HELLO_TIMEOUT=1 write_config
start_daemon
"$ITEST/badinput" "$SOCK" "$T/org.key" || FAILED=1
kill -0 "$DPID" && ok "the daemon is still running" || nok "the daemon died"
finish
