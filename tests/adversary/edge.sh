#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The red team against the network edge (after issue 10): hostile clients, unauthenticated
# and logged-in, against the real daemon on a private directory and a loopback port. Each
# attack is a mode of tests/integration/abuse.c; every mode asserts the daemon's defence
# by name, that honest kiosks still connect, log in and vote within a deadline while the
# attack lasts, and that the daemon shuts down cleanly afterwards (under `make sanitize`
# LeakSanitizer and UBSan watch it).
. "$TOP/tests/integration/lib.sh"
A="$ITEST/abuse"
export ABUSE_DEBUG=1	# the log at debug level: the secrets check reads the most

for mode in unauthout tlshello tlshrr budgetlogin churn kioskpipe tlsmisc village handshakes priority; do
	echo "# abuse $mode"
	"$A" "$mode" || FAILED=1
done
finish
