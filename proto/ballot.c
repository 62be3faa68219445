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

int
ballot_check(const struct ballot_rules *br, const struct choice *ch, size_t n, char *why,
    size_t whylen)
{
	const struct round	*r = br->round;
	char			 a[MONEY_BUF], b[MONEY_BUF];
	uint64_t		 cost = 0, points = 0;
	unsigned char		 seen_rank[CHOICES_LIMIT_RANKS];
	size_t			 i, min = r->min_choices ? r->min_choices : 1;
	long			 at;

	if (n < min)
		return min == 1 ? why_set(why, whylen, "Kies minstens één initiatief.") :
		    why_set(why, whylen, "Kies minstens %zu initiatieven.", min);
	if (r->max_choices && n > r->max_choices)
		return r->max_choices == 1 ? why_set(why, whylen, "Kies hoogstens één "
		    "initiatief.") : why_set(why, whylen, "Kies hoogstens %u initiatieven.",
		    r->max_choices);
	if (n > br->n)
		return why_set(why, whylen, "Er staan meer keuzes op het stembiljet dan er "
		    "initiatieven zijn.");
	memset(seen_rank, 0, sizeof(seen_rank));
	for (i = 0; i < n; i++) {
		if (i > 0 && ch[i].initiative <= ch[i - 1].initiative)
			return ch[i].initiative == ch[i - 1].initiative ?
			    why_set(why, whylen, "Initiatief %u staat twee keer op het stembiljet.",
			    ch[i].initiative) :
			    why_set(why, whylen, "De keuzes staan niet op volgorde van nummer.");
		if ((at = find(br, ch[i].initiative)) < 0)
			return why_set(why, whylen, "Initiatief %u staat niet op dit stembiljet.",
			    ch[i].initiative);
		switch (r->ballot) {
		case BALLOT_APPROVAL:
		case BALLOT_KNAPSACK:
			if (ch[i].value != 1)
				return why_set(why, whylen, "Een keuze is ja of nee.");
			cost += br->costs[at];
			break;
		case BALLOT_CUMULATIVE:
			if (ch[i].value == 0)
				return why_set(why, whylen, "Geef elk gekozen initiatief minstens "
				    "één punt.");
			if (r->max_points && ch[i].value > r->max_points)
				return r->max_points == 1 ? why_set(why, whylen, "Hoogstens één "
				    "punt per initiatief.") : why_set(why, whylen, "Hoogstens %u "
				    "punten per initiatief.", r->max_points);
			points += ch[i].value;
			break;
		case BALLOT_ORDINAL:
			if (ch[i].value < 1 || ch[i].value > n || ch[i].value > CHOICES_LIMIT_RANKS ||
			    seen_rank[ch[i].value - 1]++)
				return why_set(why, whylen, "De rangorde moet 1, 2, 3, … zijn, elk "
				    "nummer één keer.");
			break;
		default:
			return why_set(why, whylen, "Onbekend soort stembiljet.");
		}
	}
	if (r->ballot == BALLOT_KNAPSACK && cost > r->limit)
		return why_set(why, whylen, "Dit past niet: samen %s, er is %s te besteden.",
		    money_format(a, sizeof(a), cost), money_format(b, sizeof(b), r->limit));
	if (r->ballot == BALLOT_CUMULATIVE && points > r->points)
		return why_set(why, whylen, "U kunt %u punten verdelen; dit zijn er %llu.",
		    r->points, (unsigned long long)points);
	return 0;
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
