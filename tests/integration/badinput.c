/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * badinput — throws malformed, oversized, unauthenticated and out-of-range requests at a
 * running dorpsstemd over its UNIX socket and checks each gets the right error (or a closed
 * connection), changes nothing, and leaves the daemon answering.
 *
 *   badinput SOCKET ORGANISER-KEY-FILE
 *
 * The daemon must run with "timeout hello 1" and the key's public half as an organiser, on
 * an empty store. Prints "ok - …" / "not ok - …" per check (tests/run-tests reads those).
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "frame.h"
#include "key.h"
#include "msg.h"

static const char	*sockpath;
static uint8_t		 org_sk[64], daemon_key[KEY_BYTES];
static uint64_t		 counter;
static int		 failures;

static void
result(int good, const char *what)
{
	printf("%s - %s\n", good ? "ok" : "not ok", what);
	if (!good)
		failures++;
}

static int
xconnect(void)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sockpath);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror("connect");
		exit(2);
	}
	return fd;
}

static void
sendall(int fd, const void *p, size_t n)
{
	const uint8_t	*b = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = send(fd, b, n, MSG_NOSIGNAL)) <= 0)
			return;
		b += w;
		n -= (size_t)w;
	}
}

static int
recvall(int fd, void *p, size_t n, int ms)
{
	uint8_t		*b = p;
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	ssize_t		 r;

	while (n > 0) {
		if (poll(&pfd, 1, ms) <= 0)
			return -2;
		if ((r = recv(fd, b, n, 0)) <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads one frame; returns its payload (malloc'd) or NULL on EOF/timeout. */
static uint8_t *
recv_frame(int fd, size_t *len)
{
	uint8_t	 hdr[FRAME_HDR], *p;
	long	 n;

	if (recvall(fd, hdr, sizeof(hdr), 3000) != 0)
		return NULL;
	if ((n = frame_length(hdr)) < 0)
		return NULL;
	if ((p = malloc((size_t)n)) == NULL || recvall(fd, p, (size_t)n, 3000) != 0) {
		free(p);
		return NULL;
	}
	*len = (size_t)n;
	return p;
}

/* The reply's type, and the error code when it is an error (else 0). -1: no reply. */
static int
reply(int fd, uint16_t *type, uint32_t reqid)
{
	struct msg_in		 m;
	struct msg_error	 e;
	uint8_t			*p;
	size_t			 n;
	int			 code = 0;

	if ((p = recv_frame(fd, &n)) == NULL)
		return -1;
	if (msg_split(p, n, 0, &m) != 0 || m.reqid != reqid) {
		free(p);
		return -1;
	}
	*type = m.type;
	if (m.type == MSG_ERROR) {
		if (wire_decode_all(m.body, m.bodylen, &schema_error, &e, NULL) == 0) {
			code = e.code;
			wire_free(&schema_error, &e);
		} else
			code = -1;
	}
	free(p);
	return code;
}

static int
closed(int fd, int ms)
{
	uint8_t		buf[256];
	struct pollfd	pfd = { fd, POLLIN, 0 };
	ssize_t		r;

	for (;;) {
		if (poll(&pfd, 1, ms) <= 0)
			return 0;
		r = recv(fd, buf, sizeof(buf), 0);
		if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
			return 1;
	}
}

static void
send_msg(int fd, uint16_t type, uint32_t reqid, const struct wire_schema *s, const void *rec)
{
	struct wbuf b;

	wbuf_init(&b);
	frame_put(&b, type, reqid, s, rec);
	sendall(fd, b.p, b.len);
	wbuf_free(&b);
}

static void
signed_frame(struct wbuf *b, uint16_t type, uint32_t reqid, const struct wire_schema *s,
    const void *rec, const uint8_t *sk)
{
	frame_put_signed(b, type, reqid, s, rec, daemon_key, sk, ++counter);
}

static int
hello(int fd)
{
	struct hello	h = { 1, 1, "badinput" };
	struct welcome	w;
	struct msg_in	m;
	uint8_t		*p;
	size_t		 n;
	int		 rc = -1;

	send_msg(fd, MSG_HELLO, 1, &schema_hello, &h);
	if ((p = recv_frame(fd, &n)) == NULL)
		return -1;
	if (msg_split(p, n, 0, &m) == 0 && m.type == MSG_WELCOME &&
	    wire_decode_all(m.body, m.bodylen, &schema_welcome, &w, NULL) == 0) {
		memcpy(daemon_key, w.daemon_key, KEY_BYTES);
		wire_free(&schema_welcome, &w);
		rc = 0;
	}
	free(p);
	return rc;
}

static int
expect(int fd, uint32_t reqid, int want_code)
{
	uint16_t type = 0;
	int code = reply(fd, &type, reqid);

	if (want_code == 0)
		return code == 0 && type != MSG_ERROR;
	return code == want_code;
}

/* Sends raw payload bytes as one frame. */
static void
send_raw(int fd, uint16_t type, uint32_t reqid, const void *body, size_t n)
{
	struct wbuf b;

	wbuf_init(&b);
	wbuf_u32(&b, (uint32_t)(MSG_HDR + n));
	wbuf_u16(&b, type);
	wbuf_u32(&b, reqid);
	wbuf_raw(&b, body, n);
	sendall(fd, b.p, b.len);
	wbuf_free(&b);
}

static uint32_t
village_count(void)
{
	struct village_list	 vl;
	struct msg_in		 m;
	uint8_t			*p;
	size_t			 n;
	uint32_t		 count = UINT32_MAX;
	int			 fd = xconnect();

	if (hello(fd) == 0) {
		send_msg(fd, MSG_VILLAGE_LIST, 9, &schema_empty, NULL);
		if ((p = recv_frame(fd, &n)) != NULL) {
			if (msg_split(p, n, 0, &m) == 0 && m.type == MSG_VILLAGES &&
			    wire_decode_all(m.body, m.bodylen, &schema_village_list, &vl,
			    NULL) == 0) {
				count = vl.items.n;
				wire_free(&schema_village_list, &vl);
			}
			free(p);
		}
	}
	close(fd);
	return count;
}

int
main(int argc, char *argv[])
{
	struct wbuf		 b;
	struct village		 v;
	struct round		 r;
	struct initiative	 in;
	struct ref		 ref;
	uint8_t			 other_sk[64], other_pk[32], hdr[FRAME_HDR], body[8];
	char			 longname[NAME_MAX_BYTES + 2];
	const char		*why;
	struct timeval		 tv;
	int			 fd;

	if (argc != 3) {
		fprintf(stderr, "usage: badinput SOCKET KEYFILE\n");
		return 2;
	}
	sockpath = argv[1];
	if (sodium_init() < 0 || key_read_secret(argv[2], org_sk, &why) != 0) {
		fprintf(stderr, "badinput: %s\n", argv[2]);
		return 2;
	}
	gettimeofday(&tv, NULL);
	counter = (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
	crypto_sign_keypair(other_pk, other_sk);

	/* Framing and session. */
	fd = xconnect();
	send_msg(fd, MSG_STATUS, 5, &schema_empty, NULL);
	result(expect(fd, 5, ERRC_HELLO) && closed(fd, 2000),
	    "a request before hello is refused and the connection closed");
	close(fd);

	fd = xconnect();
	memset(hdr, 0, sizeof(hdr));
	sendall(fd, hdr, sizeof(hdr));
	result(expect(fd, 0, ERRC_PROTOCOL) && closed(fd, 2000),
	    "a zero-length frame is refused and the connection closed");
	close(fd);

	fd = xconnect();
	hello(fd);
	hdr[0] = 0x7f; hdr[1] = 0xff; hdr[2] = 0xff; hdr[3] = 0xff;
	sendall(fd, hdr, sizeof(hdr));
	result(expect(fd, 0, ERRC_PROTOCOL) && closed(fd, 2000),
	    "an oversized frame length is refused and the connection closed");
	close(fd);

	fd = xconnect();
	{
		struct hello h = { 2, 3, "future" };
		send_msg(fd, MSG_HELLO, 1, &schema_hello, &h);
	}
	result(expect(fd, 1, ERRC_VERSION) && closed(fd, 2000),
	    "an unknown protocol version is refused politely and the connection closed");
	close(fd);

	fd = xconnect();
	result(hello(fd) == 0, "hello is answered with welcome");
	send_raw(fd, 0x7777, 2, NULL, 0);
	result(expect(fd, 2, ERRC_TYPE), "an unknown message type gets ERRC_TYPE");
	send_raw(fd, MSG_DONE, 3, NULL, 0);
	result(expect(fd, 3, ERRC_TYPE), "a reply type sent as a request gets ERRC_TYPE");
	send_msg(fd, MSG_STATUS, 4, &schema_empty, NULL);
	result(expect(fd, 4, 0), "the connection still answers status after those");
	{
		struct hello h = { 1, 1, "again" };
		send_msg(fd, MSG_HELLO, 5, &schema_hello, &h);
	}
	result(expect(fd, 5, ERRC_PROTOCOL), "a second hello is refused");
	send_raw(fd, MSG_ROUND_SHOW, 6, "\0\0", 2);
	result(expect(fd, 6, ERRC_FIELD), "a truncated field gets ERRC_FIELD");
	send_raw(fd, MSG_ROUND_SHOW, 7, "\0\0\0\1\0", 5);
	result(expect(fd, 7, ERRC_FIELD), "a trailing byte gets ERRC_FIELD");
	ref.id = 999;
	send_msg(fd, MSG_ROUND_SHOW, 8, &schema_ref, &ref);
	result(expect(fd, 8, ERRC_NOTFOUND), "an unknown round gets ERRC_NOTFOUND");

	/* Authentication. */
	memset(&v, 0, sizeof(v));
	v.name = "Kantens";
	send_msg(fd, MSG_VILLAGE_ADD, 10, &schema_village_add, &v);
	result(expect(fd, 10, ERRC_AUTH), "an unsigned state change gets ERRC_AUTH");
	wbuf_init(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 11, &schema_village_add, &v, other_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 11, ERRC_AUTH), "a request signed by an unknown key gets ERRC_AUTH");
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 12, &schema_village_add, &v, org_sk);
	b.p[b.len - 1] ^= 1;
	sendall(fd, b.p, b.len);
	result(expect(fd, 12, ERRC_SIGNATURE), "a flipped signature bit gets ERRC_SIGNATURE");
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 13, &schema_village_add, &v, org_sk);
	b.p[FRAME_HDR + MSG_HDR + 2] ^= 0x20;	/* "Kantens" -> "kantens": body changed */
	sendall(fd, b.p, b.len);
	result(expect(fd, 13, ERRC_SIGNATURE), "a changed body gets ERRC_SIGNATURE");

	/* Text validation. */
	v.name = "Kan\xff" "tens";
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 14, &schema_village_add, &v, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 14, ERRC_FIELD), "invalid UTF-8 gets ERRC_FIELD");
	v.name = "Kan\033[2Jtens";
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 15, &schema_village_add, &v, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 15, ERRC_FIELD), "a control character gets ERRC_FIELD");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	v.name = longname;
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 16, &schema_village_add, &v, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 16, ERRC_FIELD), "a name over its maximum length gets ERRC_FIELD");

	/* Replay. */
	v.name = "Kantens";
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 17, &schema_village_add, &v, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 17, 0), "a well-signed village add is accepted");
	sendall(fd, b.p, b.len);
	result(expect(fd, 17, ERRC_REPLAY), "the same signed frame replayed gets ERRC_REPLAY");
	wbuf_reset(&b);
	signed_frame(&b, MSG_VILLAGE_ADD, 18, &schema_village_add, &v, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 18, ERRC_EXISTS), "a second village of the same name gets ERRC_EXISTS");

	/* Amounts and states. */
	memset(&r, 0, sizeof(r));
	r.village = 1;
	r.name = "Dorpsbudget 2027";
	r.ballot = BALLOT_APPROVAL;
	r.budget = MONEY_MAX_CENTS + 1;
	r.rule = "greedy";
	r.tie_break = "";
	wbuf_reset(&b);
	signed_frame(&b, MSG_ROUND_CREATE, 20, &schema_round_create, &r, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 20, ERRC_FIELD), "an absurd budget gets ERRC_FIELD");
	r.budget = 2500000;
	r.village = 42;
	wbuf_reset(&b);
	signed_frame(&b, MSG_ROUND_CREATE, 21, &schema_round_create, &r, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 21, ERRC_NOTFOUND), "a round for an unknown village gets ERRC_NOTFOUND");
	r.village = 1;
	r.rule = "most-popular";
	wbuf_reset(&b);
	signed_frame(&b, MSG_ROUND_CREATE, 22, &schema_round_create, &r, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 22, ERRC_INVALID), "an unknown rule gets ERRC_INVALID");
	r.rule = "greedy";
	r.ballot = 0;
	wbuf_reset(&b);
	signed_frame(&b, MSG_ROUND_CREATE, 23, &schema_round_create, &r, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 23, ERRC_INVALID), "ballot type 0 gets ERRC_INVALID");
	r.ballot = BALLOT_APPROVAL;
	wbuf_reset(&b);
	signed_frame(&b, MSG_ROUND_CREATE, 24, &schema_round_create, &r, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 24, 0), "a valid round is created");
	memset(&in, 0, sizeof(in));
	in.round = 1;
	in.title = "Repair café";
	in.summary = in.proposer = in.category = "";
	in.cost = 2500001;
	wbuf_reset(&b);
	signed_frame(&b, MSG_INITIATIVE_ADD, 25, &schema_initiative_add, &in, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 25, ERRC_INVALID), "a cost above the budget gets ERRC_INVALID");
	in.cost = 0;
	wbuf_reset(&b);
	signed_frame(&b, MSG_INITIATIVE_ADD, 26, &schema_initiative_add, &in, org_sk);
	sendall(fd, b.p, b.len);
	result(expect(fd, 26, ERRC_INVALID), "a zero cost gets ERRC_INVALID");
	ref.id = 1;
	wbuf_reset(&b);
	{
		struct round_open ro;	/* the heads do not matter: the round is refused first */
		memset(&ro, 0, sizeof(ro));
		ro.id = 1;
		signed_frame(&b, MSG_ROUND_OPEN, 27, &schema_round_open, &ro, org_sk);
	}
	sendall(fd, b.p, b.len);
	result(expect(fd, 27, ERRC_STATE), "opening a round with no admitted initiative gets "
	    "ERRC_STATE");
	wbuf_reset(&b);
	{
		struct round_open ro;	/* the head does not matter: the round is refused first */
		memset(&ro, 0, sizeof(ro));
		ro.id = 1;
		signed_frame(&b, MSG_ROUND_CLOSE, 28, &schema_round_close, &ro, org_sk);
	}
	sendall(fd, b.p, b.len);
	result(expect(fd, 28, ERRC_STATE), "closing a draft round gets ERRC_STATE");
	wbuf_free(&b);
	close(fd);

	/* Idle peers. */
	fd = xconnect();
	result(closed(fd, 4000), "a client that sends nothing is dropped after the hello timeout");
	close(fd);
	fd = xconnect();
	sendall(fd, "\0\0\0\x20\0\2", 6);	/* half a frame, then silence */
	result(closed(fd, 4000), "a client stuck in the middle of a frame is dropped");
	close(fd);

	memset(body, 0, sizeof(body));
	result(village_count() == 1,
	    "the daemon still answers, and only the one valid village was stored");
	sodium_memzero(org_sk, sizeof(org_sk));
	return failures ? 1 : 0;
}
