/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_edge.c — the network edge's pure helpers (daemon/listen.c, issue 10): who counts as
 * one peer for `max per-peer` (an IPv4 address, an IPv6 /64) and the control group check
 * by supplementary groups.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dorpsstemd.h"

static void
key6(const char *addr, uint8_t key[16])
{
	struct sockaddr_in6 sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, addr, &sin6.sin6_addr), 1);
	listen_peer_key((struct sockaddr *)&sin6, key);
}

static void
key4(const char *addr, uint8_t key[16])
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	listen_peer_key((struct sockaddr *)&sin, key);
}

/* One host with a whole /64 is one peer; the next /64 is another. */
static void
test_ipv6_by_64(void **state)
{
	uint8_t a[16], b[16], c[16];

	(void)state;
	key6("2001:db8:1:2:aaaa:bbbb:cccc:dddd", a);
	key6("2001:db8:1:2::1", b);
	key6("2001:db8:1:3::1", c);
	assert_memory_equal(a, b, 16);
	assert_memory_not_equal(a, c, 16);
}

/* IPv4 counts by the exact address, and the same address mapped into IPv6 is the same
 * peer (a dual-stack listener sees it that way). */
static void
test_ipv4_exact(void **state)
{
	uint8_t a[16], b[16], c[16];

	(void)state;
	key4("192.0.2.7", a);
	key4("192.0.2.8", b);
	key6("::ffff:192.0.2.7", c);
	assert_memory_not_equal(a, b, 16);
	assert_memory_equal(a, c, 16);
	/* and never the same as an IPv6 /64 that starts with zeros */
	key6("::1", b);
	assert_memory_not_equal(a, b, 16);
}

/* Our own primary and supplementary groups count; a group we are not in does not. */
static void
test_in_group(void **state)
{
	gid_t	groups[64];
	int	n, i;

	(void)state;
	assert_int_equal(listen_in_group(getuid(), getgid(), getpid(), getgid()), 1);
	n = getgroups(64, groups);
	for (i = 0; i < n; i++)
		assert_int_equal(listen_in_group(getuid(), getgid(), getpid(), groups[i]), 1);
	for (i = 0; i < n && groups[i] != (gid_t)54321; i++)
		;
	if (i == n && getgid() != (gid_t)54321)
		assert_int_equal(listen_in_group(getuid(), getgid(), getpid(), (gid_t)54321), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6_by_64),
		cmocka_unit_test(test_ipv4_exact),
		cmocka_unit_test(test_in_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
