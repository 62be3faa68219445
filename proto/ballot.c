/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ballot.c — the ballot rules and ballot signatures; see ballot.h. The sentences are Dutch
 * because they reach the voter at the kiosk.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ballot.h"
#include "money.h"

static int
why_set(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
why_set(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

static long
find(const struct ballot_rules *br, uint32_t id)
{
	size_t lo = 0, hi = br->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (br->ids[mid] == id)
			return (long)mid;
		if (br->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

enum bc_msg {
	BC_MIN_ONE, BC_MIN_N, BC_MAX_ONE, BC_MAX_N, BC_TOO_MANY, BC_TWICE, BC_ORDER,
	BC_NOT_ON, BC_YESNO, BC_POINT_MIN, BC_MAXPTS_ONE, BC_MAXPTS_N, BC_RANKS, BC_TYPE,
	BC_NOFIT, BC_POINTS, BC_COUNT
};

/* The refusals, one table per language; the same arguments in the same order. */
static const char *const bc_text[2][BC_COUNT] = {
	{
		[BC_MIN_ONE] = "Kies minstens één initiatief.",
		[BC_MIN_N] = "Kies minstens %zu initiatieven.",
		[BC_MAX_ONE] = "Kies hoogstens één initiatief.",
		[BC_MAX_N] = "Kies hoogstens %u initiatieven.",
		[BC_TOO_MANY] = "Er staan meer keuzes op het stembiljet dan er initiatieven zijn.",
		[BC_TWICE] = "Initiatief %u staat twee keer op het stembiljet.",
		[BC_ORDER] = "De keuzes staan niet op volgorde van nummer.",
		[BC_NOT_ON] = "Initiatief %u staat niet op dit stembiljet.",
		[BC_YESNO] = "Een keuze is ja of nee.",
		[BC_POINT_MIN] = "Geef elk gekozen initiatief minstens één punt.",
		[BC_MAXPTS_ONE] = "Hoogstens één punt per initiatief.",
		[BC_MAXPTS_N] = "Hoogstens %u punten per initiatief.",
		[BC_RANKS] = "De rangorde moet 1, 2, 3, … zijn, elk nummer één keer.",
		[BC_TYPE] = "Onbekend soort stembiljet.",
		[BC_NOFIT] = "Dit past niet: samen %s, er is %s te besteden.",
		[BC_POINTS] = "U kunt %u punten verdelen; dit zijn er %llu.",
	}, {
		[BC_MIN_ONE] = "Choose at least one initiative.",
		[BC_MIN_N] = "Choose at least %zu initiatives.",
		[BC_MAX_ONE] = "Choose at most one initiative.",
		[BC_MAX_N] = "Choose at most %u initiatives.",
		[BC_TOO_MANY] = "The ballot has more choices than there are initiatives.",
		[BC_TWICE] = "Initiative %u is on the ballot twice.",
		[BC_ORDER] = "The choices are not in order of number.",
		[BC_NOT_ON] = "Initiative %u is not on this ballot.",
		[BC_YESNO] = "A choice is yes or no.",
		[BC_POINT_MIN] = "Give every chosen initiative at least one point.",
		[BC_MAXPTS_ONE] = "At most one point per initiative.",
		[BC_MAXPTS_N] = "At most %u points per initiative.",
		[BC_RANKS] = "The ranking must be 1, 2, 3, …, each number once.",
		[BC_TYPE] = "Unknown kind of ballot.",
		[BC_NOFIT] = "This does not fit: %s together, there is %s to spend.",
		[BC_POINTS] = "You can give %u points; these are %llu.",
	}
};
#define T(m)	text[m]

int
ballot_check_lang(const struct ballot_rules *br, const struct choice *ch, size_t n,
    int lang, char *why, size_t whylen)
{
	const char * const	*text = bc_text[lang == BALLOT_LANG_EN];
	const struct round	*r = br->round;
	char			 a[MONEY_BUF], b[MONEY_BUF];
	uint64_t		 cost = 0, points = 0;
	unsigned char		 seen_rank[CHOICES_LIMIT_RANKS];
	size_t			 i, min = r->min_choices ? r->min_choices : 1;
	long			 at;

	if (n < min)
		return min == 1 ? why_set(why, whylen, "%s", T(BC_MIN_ONE)) :
		    why_set(why, whylen, T(BC_MIN_N), min);
	if (r->max_choices && n > r->max_choices)
		return r->max_choices == 1 ? why_set(why, whylen, "%s", T(BC_MAX_ONE)) :
		    why_set(why, whylen, T(BC_MAX_N), r->max_choices);
	if (n > br->n)
		return why_set(why, whylen, "%s", T(BC_TOO_MANY));
	memset(seen_rank, 0, sizeof(seen_rank));
	for (i = 0; i < n; i++) {
		if (i > 0 && ch[i].initiative <= ch[i - 1].initiative)
			return ch[i].initiative == ch[i - 1].initiative ?
			    why_set(why, whylen, T(BC_TWICE),
			    ch[i].initiative) :
			    why_set(why, whylen, "%s", T(BC_ORDER));
		if ((at = find(br, ch[i].initiative)) < 0)
			return why_set(why, whylen, T(BC_NOT_ON),
			    ch[i].initiative);
		switch (r->ballot) {
		case BALLOT_APPROVAL:
		case BALLOT_KNAPSACK:
			if (ch[i].value != 1)
				return why_set(why, whylen, "%s", T(BC_YESNO));
			/* Saturating: costs near 2^64 must not wrap below the limit. */
			cost = br->costs[at] > UINT64_MAX - cost ? UINT64_MAX : cost + br->costs[at];
			break;
		case BALLOT_CUMULATIVE:
			if (ch[i].value == 0)
				return why_set(why, whylen, "%s", T(BC_POINT_MIN));
			if (r->max_points && ch[i].value > r->max_points)
				return r->max_points == 1 ? why_set(why, whylen,
				    "%s", T(BC_MAXPTS_ONE)) : why_set(why, whylen, T(BC_MAXPTS_N),
				    r->max_points);
			points += ch[i].value;
			break;
		case BALLOT_ORDINAL:
			if (ch[i].value < 1 || ch[i].value > n || ch[i].value > CHOICES_LIMIT_RANKS ||
			    seen_rank[ch[i].value - 1]++)
				return why_set(why, whylen, "%s", T(BC_RANKS));
			break;
		default:
			return why_set(why, whylen, "%s", T(BC_TYPE));
		}
	}
	if (r->ballot == BALLOT_KNAPSACK && cost > r->limit)
		return why_set(why, whylen, T(BC_NOFIT),
		    money_format(a, sizeof(a), cost), money_format(b, sizeof(b), r->limit));
	if (r->ballot == BALLOT_CUMULATIVE && points > r->points)
		return why_set(why, whylen, T(BC_POINTS),
		    r->points, (unsigned long long)points);
	return 0;
}

int
ballot_check(const struct ballot_rules *br, const struct choice *ch, size_t n, char *why,
    size_t whylen)
{
	return ballot_check_lang(br, ch, n, BALLOT_LANG_NL, why, whylen);
}

static int
signed_bytes(struct wbuf *m, const char *domain, size_t domlen, const struct ballot *b,
    int with_voter_sig)
{
	wbuf_raw(m, domain, domlen);
	wire_encode(m, &schema_ballot_body, b);
	if (with_voter_sig)
		wbuf_raw(m, b->voter_sig, SIG_BYTES);
	return m->oom ? -1 : 0;
}

int
ballot_sign(struct ballot *b, const uint8_t voter_sk[64], const uint8_t kiosk_sk[64])
{
	struct wbuf m;

	wbuf_init(&m);
	if (signed_bytes(&m, DOMAIN_BALLOT, sizeof(DOMAIN_BALLOT), b, 0) == -1)
		goto fail;
	crypto_sign_detached(b->voter_sig, NULL, m.p, m.len, voter_sk);
	wbuf_reset(&m);
	if (signed_bytes(&m, DOMAIN_BALLOT_KIOSK, sizeof(DOMAIN_BALLOT_KIOSK), b, 1) == -1)
		goto fail;
	crypto_sign_detached(b->kiosk_sig, NULL, m.p, m.len, kiosk_sk);
	wbuf_free(&m);
	return 0;
fail:
	wbuf_free(&m);
	return -1;
}

int
ballot_verify(const struct ballot *b, const uint8_t kiosk_pk[KEY_BYTES])
{
	struct wbuf	m;
	int		rc = 0;

	wbuf_init(&m);
	if (signed_bytes(&m, DOMAIN_BALLOT, sizeof(DOMAIN_BALLOT), b, 0) == -1 ||
	    crypto_sign_verify_detached(b->voter_sig, m.p, m.len, b->credential) != 0)
		rc = 1;
	else {
		wbuf_reset(&m);
		if (signed_bytes(&m, DOMAIN_BALLOT_KIOSK, sizeof(DOMAIN_BALLOT_KIOSK), b, 1) ==
		    -1 || crypto_sign_verify_detached(b->kiosk_sig, m.p, m.len, kiosk_pk) != 0)
			rc = 2;
	}
	wbuf_free(&m);
	return rc;
}

int
ballot_hash(const struct ballot *b, uint8_t hash[HASH_BYTES])
{
	struct wbuf m;

	wbuf_init(&m);
	wire_encode(&m, &schema_ballot, b);
	if (m.oom) {
		wbuf_free(&m);
		return -1;
	}
	crypto_generichash(hash, HASH_BYTES, m.p, m.len, NULL, 0);
	wbuf_free(&m);
	return 0;
}

static void
receipt_bytes(uint8_t out[sizeof(DOMAIN_RECEIPT) + 4 + HASH_BYTES], uint32_t round,
    const uint8_t hash[HASH_BYTES])
{
	uint8_t *p = out + sizeof(DOMAIN_RECEIPT);

	memcpy(out, DOMAIN_RECEIPT, sizeof(DOMAIN_RECEIPT));
	p[0] = (uint8_t)(round >> 24);
	p[1] = (uint8_t)(round >> 16);
	p[2] = (uint8_t)(round >> 8);
	p[3] = (uint8_t)round;
	memcpy(p + 4, hash, HASH_BYTES);
}

void
receipt_sign(uint32_t round, const uint8_t hash[HASH_BYTES], const uint8_t sk[64],
    uint8_t sig[SIG_BYTES])
{
	uint8_t m[sizeof(DOMAIN_RECEIPT) + 4 + HASH_BYTES];

	receipt_bytes(m, round, hash);
	crypto_sign_detached(sig, NULL, m, sizeof(m), sk);
}

int
receipt_verify(uint32_t round, const uint8_t hash[HASH_BYTES], const uint8_t pk[KEY_BYTES],
    const uint8_t sig[SIG_BYTES])
{
	uint8_t m[sizeof(DOMAIN_RECEIPT) + 4 + HASH_BYTES];

	receipt_bytes(m, round, hash);
	return crypto_sign_verify_detached(sig, m, sizeof(m), pk) == 0 ? 0 : -1;
}

static void
login_bytes(uint8_t out[sizeof(DOMAIN_KIOSK_LOGIN) + KEY_BYTES + 32],
    const uint8_t daemon_pk[KEY_BYTES], const uint8_t nonce[32])
{
	memcpy(out, DOMAIN_KIOSK_LOGIN, sizeof(DOMAIN_KIOSK_LOGIN));
	memcpy(out + sizeof(DOMAIN_KIOSK_LOGIN), daemon_pk, KEY_BYTES);
	memcpy(out + sizeof(DOMAIN_KIOSK_LOGIN) + KEY_BYTES, nonce, 32);
}

void
kiosk_login_sign(const uint8_t daemon_pk[KEY_BYTES], const uint8_t nonce[32],
    const uint8_t kiosk_sk[64], uint8_t sig[SIG_BYTES])
{
	uint8_t m[sizeof(DOMAIN_KIOSK_LOGIN) + KEY_BYTES + 32];

	login_bytes(m, daemon_pk, nonce);
	crypto_sign_detached(sig, NULL, m, sizeof(m), kiosk_sk);
}

int
kiosk_login_verify(const uint8_t daemon_pk[KEY_BYTES], const uint8_t nonce[32],
    const uint8_t kiosk_pk[KEY_BYTES], const uint8_t sig[SIG_BYTES])
{
	uint8_t m[sizeof(DOMAIN_KIOSK_LOGIN) + KEY_BYTES + 32];

	login_bytes(m, daemon_pk, nonce);
	return crypto_sign_verify_detached(sig, m, sizeof(m), kiosk_pk) == 0 ? 0 : -1;
}
