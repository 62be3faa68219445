/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * pabulib.c — the pabulib .pb reader, validator and writer (format: pabulib.h and
 * docs/tally.md).  The reader is a small state machine over CSV records; every check the
 * pabulib checker makes is done here and recorded as a problem with its line number.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intl.h"
#include "pabulib.h"

#define NONE	UINT32_MAX

/* ---- small helpers ---- */

static int
grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t n = *cap;
	void *q;

	if (need <= n)
		return 0;
	while (n < need)
		n = n ? 2 * n : 16;
	if ((q = realloc(*p, n * size)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int
is_missing(const char *s)
{
	return s == NULL || s[0] == '\0' || strcasecmp(s, "none") == 0;
}

/* Trims ASCII whitespace in place; returns s. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

int
pabulib_money_parse(const char *s, int64_t *cents)
{
	int64_t units = 0, frac = 0;
	int digits = 0, fd = 0;

	if (s == NULL)
		return -1;
	if (*s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (units > TALLY_MAX_MONEY / 100)
			return -1;
		units = units * 10 + (*s - '0');
	}
	if (*s == '.' || *s == ',') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++, fd++) {
			if (fd < 2)
				frac = frac * 10 + (*s - '0');
			else if (*s != '0')
				return -1;	/* not representable in cents */
		}
		if (fd == 1)
			frac *= 10;
		if (fd == 0 && digits == 0)
			return -1;
	}
	if (*s != '\0' || (digits == 0 && fd == 0))
		return -1;
	if (units * 100 + frac > TALLY_MAX_MONEY)
		return -1;
	*cents = units * 100 + frac;
	return 0;
}

/* An integer, optionally written with a zero fraction ("10.0", as some files do). */
static int
int_parse(const char *s, int64_t *v)
{
	int neg = 0, digits = 0;
	int64_t x = 0;

	if (s == NULL)
		return -1;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (x > (INT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*s - '0');
	}
	if (*s == '.') {
		for (s++; *s == '0'; s++)
			;
	}
	if (*s != '\0' || digits == 0)
		return -1;
	*v = neg ? -x : x;
	return 0;
}

/* ---- the file ---- */

struct pabulib *
pabulib_new(void)
{
	struct pabulib *pb = calloc(1, sizeof(*pb));

	if (pb != NULL)
		pb->budget = -1;
	return pb;
}

void
pabulib_free(struct pabulib *pb)
{
	if (pb == NULL)
		return;
	for (size_t i = 0; i < pb->nmeta; i++) {
		free(pb->meta[i].key);
		free(pb->meta[i].value);
	}
	for (size_t i = 0; i < pb->nprojects; i++) {
		free(pb->projects[i].id);
		free(pb->projects[i].name);
	}
	for (size_t i = 0; i < pb->nvotes; i++) {
		free(pb->votes[i].voter_id);
		free(pb->votes[i].projects);
		free(pb->votes[i].points);
	}
	for (size_t i = 0; i < pb->nproblems; i++)
		free(pb->problems[i].message);
	free(pb->meta);
	free(pb->projects);
	free(pb->votes);
	free(pb->problems);
	free(pb->idtab);
	free(pb);
}

/* Records a problem; -1 only when out of memory. */
static int
problem(struct pabulib *pb, size_t line, int fatal, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	pb->nproblems_total++;
	if (fatal)
		pb->nfatal++;
	if (pb->nproblems >= PABULIB_MAX_PROBLEMS)
		return 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (grow(&pb->problems, &pb->cap_problems, pb->nproblems + 1, sizeof(*pb->problems)))
		return -1;
	if ((pb->problems[pb->nproblems].message = strdup(buf)) == NULL)
		return -1;
	pb->problems[pb->nproblems].line = line;
	pb->problems[pb->nproblems].fatal = fatal;
	pb->problems[pb->nproblems].counted_once = 0;
	pb->nproblems++;
	return 0;
}

static uint64_t
str_hash(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

int64_t
pabulib_project_find(const struct pabulib *pb, const char *id)
{
	size_t slot;

	if (pb->idtab_size == 0)
		return -1;
	for (slot = str_hash(id) & (pb->idtab_size - 1);; slot = (slot + 1) & (pb->idtab_size - 1)) {
		uint32_t i = pb->idtab[slot];
		if (i == NONE)
			return -1;
		if (strcmp(pb->projects[i].id, id) == 0)
			return i;
	}
}

static void
idtab_insert(struct pabulib *pb, uint32_t i)
{
	size_t slot = str_hash(pb->projects[i].id) & (pb->idtab_size - 1);

	while (pb->idtab[slot] != NONE)
		slot = (slot + 1) & (pb->idtab_size - 1);
	pb->idtab[slot] = i;
}

/* Keeps the table at most half full. */
static int
idtab_reserve(struct pabulib *pb, size_t n)
{
	size_t size = pb->idtab_size ? pb->idtab_size : 64;
	uint32_t *t;

	while (size < 2 * n)
		size *= 2;
	if (size == pb->idtab_size)
		return 0;
	if ((t = malloc(size * sizeof(*t))) == NULL)
		return -1;
	memset(t, 0xff, size * sizeof(*t));
	free(pb->idtab);
	pb->idtab = t;
	pb->idtab_size = size;
	for (size_t i = 0; i < pb->nprojects; i++)
		idtab_insert(pb, (uint32_t)i);
	return 0;
}

const char *
pabulib_meta_get(const struct pabulib *pb, const char *key)
{
	for (size_t i = pb->nmeta; i-- > 0;)
		if (strcmp(pb->meta[i].key, key) == 0)
			return pb->meta[i].value;
	return NULL;
}

static size_t
meta_line(const struct pabulib *pb, const char *key)
{
	for (size_t i = pb->nmeta; i-- > 0;)
		if (strcmp(pb->meta[i].key, key) == 0)
			return pb->meta[i].line;
	return 0;
}

static int
meta_add(struct pabulib *pb, const char *key, const char *value, size_t line)
{
	char *k, *v;

	if (grow(&pb->meta, &pb->cap_meta, pb->nmeta + 1, sizeof(*pb->meta)))
		return -1;
	k = strdup(key);
	v = strdup(value);
	if (k == NULL || v == NULL) {
		free(k);
		free(v);
		return -1;
	}
	pb->meta[pb->nmeta].key = k;
	pb->meta[pb->nmeta].value = v;
	pb->meta[pb->nmeta].line = line;
	pb->nmeta++;
	return 0;
}

static enum pabulib_vote_type
vote_type_parse(const char *s)
{
	if (s == NULL)
		return PABULIB_VOTE_UNKNOWN;
	if (strcasecmp(s, "approval") == 0)
		return PABULIB_VOTE_APPROVAL;
	if (strcasecmp(s, "choose-1") == 0)
		return PABULIB_VOTE_CHOOSE1;
	if (strcasecmp(s, "cumulative") == 0)
		return PABULIB_VOTE_CUMULATIVE;
	if (strcasecmp(s, "scoring") == 0)
		return PABULIB_VOTE_SCORING;
	if (strcasecmp(s, "ordinal") == 0)
		return PABULIB_VOTE_ORDINAL;
	return PABULIB_VOTE_UNKNOWN;
}

const char *
pabulib_vote_type_name(enum pabulib_vote_type t)
{
	switch (t) {
	case PABULIB_VOTE_APPROVAL:	return "approval";
	case PABULIB_VOTE_CHOOSE1:	return "choose-1";
	case PABULIB_VOTE_CUMULATIVE:	return "cumulative";
	case PABULIB_VOTE_SCORING:	return "scoring";
	case PABULIB_VOTE_ORDINAL:	return "ordinal";
	case PABULIB_VOTE_UNKNOWN:	break;
	}
	return "unknown";
}

int
pabulib_meta_set(struct pabulib *pb, const char *key, const char *value)
{
	char *v;

	if (key == NULL || key[0] == '\0' || value == NULL)
		return -1;
	for (size_t i = 0; i < pb->nmeta; i++)
		if (strcmp(pb->meta[i].key, key) == 0) {
			if ((v = strdup(value)) == NULL)
				return -1;
			free(pb->meta[i].value);
			pb->meta[i].value = v;
			goto known;
		}
	if (meta_add(pb, key, value, 0) == -1)
		return -1;
known:
	if (strcmp(key, "vote_type") == 0)
		pb->vote_type = vote_type_parse(value);
	else if (strcmp(key, "budget") == 0 && pabulib_money_parse(value, &pb->budget) == -1)
		pb->budget = -1;
	return 0;
}

int
pabulib_project_add(struct pabulib *pb, const char *id, int64_t cost, const char *name)
{
	struct pabulib_project *p;

	if (id == NULL || id[0] == '\0' || cost < 0 || cost > TALLY_MAX_MONEY ||
	    pb->nprojects >= TALLY_MAX_PROJECTS || pabulib_project_find(pb, id) >= 0)
		return -1;
	if (grow(&pb->projects, &pb->cap_projects, pb->nprojects + 1, sizeof(*pb->projects)) ||
	    idtab_reserve(pb, pb->nprojects + 1))
		return -1;
	p = &pb->projects[pb->nprojects];
	memset(p, 0, sizeof(*p));
	p->id = strdup(id);
	p->name = name != NULL ? strdup(name) : NULL;
	if (p->id == NULL || (name != NULL && p->name == NULL)) {
		free(p->id);
		free(p->name);
		return -1;
	}
	p->cost = cost;
	p->selected = -1;
	p->votes = -1;
	p->withdrawn = 0;
	pb->nprojects++;
	idtab_insert(pb, (uint32_t)(pb->nprojects - 1));
	return (int)(pb->nprojects - 1);
}

int
pabulib_vote_add(struct pabulib *pb, const char *voter_id, const uint32_t *projects,
    const int64_t *points, size_t n)
{
	struct pabulib_vote *v;

	for (size_t i = 0; i < n; i++) {
		if (projects[i] >= pb->nprojects)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (projects[j] == projects[i])
				return -1;
	}
	if (grow(&pb->votes, &pb->cap_votes, pb->nvotes + 1, sizeof(*pb->votes)))
		return -1;
	v = &pb->votes[pb->nvotes];
	memset(v, 0, sizeof(*v));
	v->n = n;
	v->voter_id = voter_id != NULL ? strdup(voter_id) : NULL;
	v->projects = malloc((n ? n : 1) * sizeof(*v->projects));
	if (points != NULL)
		v->points = malloc((n ? n : 1) * sizeof(*v->points));
	if ((voter_id != NULL && v->voter_id == NULL) || v->projects == NULL ||
	    (points != NULL && v->points == NULL)) {
		free(v->voter_id);
		free(v->projects);
		free(v->points);
		return -1;
	}
	if (n > 0)
		memcpy(v->projects, projects, n * sizeof(*projects));
	if (points != NULL) {
		if (n > 0)
			memcpy(v->points, points, n * sizeof(*points));
		pb->has_points = 1;
	}
	pb->nvotes++;
	return 0;
}

/* ---- CSV records ---- */

struct reader {
	const char	*buf;
	size_t		 len, pos;
	size_t		 line;		/* line of the next record */
	size_t		 rec_line;	/* line where the current record starts */
	char		*sb;		/* unquoted field text, NUL-separated */
	size_t		 sb_len, sb_cap;
	size_t		*fo;		/* field offsets into sb */
	size_t		 nf, fo_cap;
	int		 unterminated;	/* a quote was still open at the end of input */
};

static int
sb_put(struct reader *r, char c)
{
	if (grow(&r->sb, &r->sb_cap, r->sb_len + 1, 1))
		return -1;
	r->sb[r->sb_len++] = c;
	return 0;
}

static int
field_start(struct reader *r)
{
	if (grow(&r->fo, &r->fo_cap, r->nf + 1, sizeof(*r->fo)))
		return -1;
	r->fo[r->nf++] = r->sb_len;
	return 0;
}

#define FIELD(r, i)	((r)->sb + (r)->fo[i])

/*
 * Reads one record (a line, or several when a quoted field spans line breaks).  Returns 1
 * with the fields in r, 0 at the end of input, -1 when out of memory.  NUL bytes inside a
 * field end that field's C string early; the reader does not need them.
 */
static int
record_next(struct reader *r)
{
	int quoted = 0, in_quotes = 0;

	if (r->pos >= r->len)
		return 0;
	r->nf = 0;
	r->sb_len = 0;
	r->rec_line = r->line;
	if (field_start(r) == -1)
		return -1;
	while (r->pos < r->len) {
		char c = r->buf[r->pos++];

		if (in_quotes) {
			if (c == '"') {
				if (r->pos < r->len && r->buf[r->pos] == '"') {
					r->pos++;
					if (sb_put(r, '"') == -1)
						return -1;
				} else
					in_quotes = 0;
				continue;
			}
			if (c == '\n')
				r->line++;
			if (sb_put(r, c) == -1)
				return -1;
			continue;
		}
		if (c == '\n') {
			r->line++;
			break;
		}
		if (c == '\r' && (r->pos >= r->len || r->buf[r->pos] == '\n'))
			continue;
		if (c == ';') {
			if (sb_put(r, '\0') == -1 || field_start(r) == -1)
				return -1;
			quoted = 0;
			continue;
		}
		/* A quote opens a quoted part at the start of a field (after blanks); a quote
		   anywhere else is taken literally, as lenient CSV readers do. */
		if (c == '"' && !quoted) {
			size_t flen = r->sb_len - r->fo[r->nf - 1], i;
			/* No pointer into sb before it exists: NULL + 0 is undefined. */
			const char *f = flen ? r->sb + r->fo[r->nf - 1] : NULL;
			for (i = 0; i < flen && (f[i] == ' ' || f[i] == '\t'); i++)
				;
			if (i == flen) {
				r->sb_len = r->fo[r->nf - 1];
				quoted = in_quotes = 1;
				continue;
			}
		}
		if (sb_put(r, c) == -1)
			return -1;
	}
	if (in_quotes)
		r->unterminated = 1;
	if (sb_put(r, '\0') == -1)
		return -1;
	return 1;
}

static int
record_blank(const struct reader *r)
{
	for (size_t i = 0; i < r->nf; i++) {
		const char *f = FIELD(r, i);
		for (; *f; f++)
			if (!isspace((unsigned char)*f))
				return 0;
	}
	return 1;
}

enum section { SEC_NONE, SEC_META, SEC_PROJECTS, SEC_VOTES };

static enum section
record_section(struct reader *r)
{
	char *f;

	if (r->nf != 1)
		return SEC_NONE;
	f = trim(FIELD(r, 0));
	if (strcasecmp(f, "META") == 0)
		return SEC_META;
	if (strcasecmp(f, "PROJECTS") == 0)
		return SEC_PROJECTS;
	if (strcasecmp(f, "VOTES") == 0)
		return SEC_VOTES;
	return SEC_NONE;
}

/* ---- the parser ---- */

struct limits {
	int64_t	num_projects, num_votes;
	int64_t	min_length, max_length;
	int64_t	min_sum_cost, max_sum_cost;		/* cents */
	int64_t	min_points, max_points, min_sum_points, max_sum_points;
	int	has_num_projects, has_num_votes, has_min_length, has_max_length;
	int	has_min_sum_cost, has_max_sum_cost, has_min_points, has_max_points;
	int	has_min_sum_points, has_max_sum_points;
};

struct columns {
	char	**names;
	size_t	  n;
	size_t	  line;
};

static void
columns_free(struct columns *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	memset(c, 0, sizeof(*c));
}

static int
columns_read(struct columns *c, struct reader *r)
{
	columns_free(c);
	if ((c->names = calloc(r->nf, sizeof(*c->names))) == NULL)
		return -1;
	c->n = r->nf;
	c->line = r->rec_line;
	for (size_t i = 0; i < r->nf; i++)
		if ((c->names[i] = strdup(trim(FIELD(r, i)))) == NULL)
			return -1;
	return 0;
}

static int64_t
columns_find(const struct columns *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return (int64_t)i;
	return -1;
}

/* Field i of the record, trimmed; NULL when the record is shorter or it is missing. */
static char *
field_get(struct reader *r, int64_t i)
{
	char *f;

	if (i < 0 || (size_t)i >= r->nf)
		return NULL;
	f = trim(FIELD(r, (size_t)i));
	return is_missing(f) ? NULL : f;
}

#define P(pb, line, fatal, ...) do {					\
	if (problem((pb), (line), (fatal), __VA_ARGS__) == -1)		\
		return -1;						\
} while (0)

static int
limit_get(struct pabulib *pb, const char *key, int money, int64_t *v, int *has)
{
	const char *s = pabulib_meta_get(pb, key);

	*has = 0;
	if (is_missing(s))
		return 0;
	if ((money ? pabulib_money_parse(s, v) : int_parse(s, v)) == -1) {
		P(pb, meta_line(pb, key), 0, money ? _("META %s \"%s\" is not an amount") :
		    _("META %s \"%s\" is not an integer"), key, s);
		return 0;
	}
	*has = 1;
	return 0;
}

/* Interprets META once the section is complete. */
static int
meta_finish(struct pabulib *pb, struct limits *lim, size_t line)
{
	const char *s;

	s = pabulib_meta_get(pb, "vote_type");
	if (is_missing(s))
		P(pb, line, 1, _("META has no vote_type"));
	else if ((pb->vote_type = vote_type_parse(s)) == PABULIB_VOTE_UNKNOWN)
		P(pb, meta_line(pb, "vote_type"), 1, _("unknown vote_type \"%s\""), s);
	s = pabulib_meta_get(pb, "budget");
	if (is_missing(s))
		P(pb, line, 1, _("META has no budget"));
	else if (pabulib_money_parse(s, &pb->budget) == -1) {
		pb->budget = -1;
		P(pb, meta_line(pb, "budget"), 1, _("budget \"%s\" is not a valid amount"), s);
	}
	if (limit_get(pb, "num_projects", 0, &lim->num_projects, &lim->has_num_projects) ||
	    limit_get(pb, "num_votes", 0, &lim->num_votes, &lim->has_num_votes) ||
	    limit_get(pb, "min_length", 0, &lim->min_length, &lim->has_min_length) ||
	    limit_get(pb, "max_length", 0, &lim->max_length, &lim->has_max_length) ||
	    limit_get(pb, "min_sum_cost", 1, &lim->min_sum_cost, &lim->has_min_sum_cost) ||
	    limit_get(pb, "max_sum_cost", 1, &lim->max_sum_cost, &lim->has_max_sum_cost) ||
	    limit_get(pb, "min_points", 0, &lim->min_points, &lim->has_min_points) ||
	    limit_get(pb, "max_points", 0, &lim->max_points, &lim->has_max_points) ||
	    limit_get(pb, "min_sum_points", 0, &lim->min_sum_points, &lim->has_min_sum_points) ||
	    limit_get(pb, "max_sum_points", 0, &lim->max_sum_points, &lim->has_max_sum_points))
		return -1;
	if (pb->vote_type == PABULIB_VOTE_CUMULATIVE && !lim->has_max_sum_points)
		P(pb, line, 0, _("cumulative votes need max_sum_points in META"));
	if (pb->vote_type == PABULIB_VOTE_CHOOSE1) {
		/* choose-1 means exactly one initiative per ballot */
		if (!lim->has_max_length || lim->max_length > 1) {
			lim->has_max_length = 1;
			lim->max_length = 1;
		}
	}
	s = pabulib_meta_get(pb, "min_project_score_threshold");
	if (!is_missing(s)) {
		int64_t t;
		if (int_parse(s, &t) == -1)
			P(pb, meta_line(pb, "min_project_score_threshold"), 0,
			    _("min_project_score_threshold \"%s\" is not an integer"), s);
	}
	return 0;
}

static int
project_row(struct pabulib *pb, struct reader *r, const struct columns *c)
{
	int64_t ci = columns_find(c, "project_id"), cc = columns_find(c, "cost");
	char *id = field_get(r, ci), *cost = field_get(r, cc);
	char *name = field_get(r, columns_find(c, "name"));
	char *sel = field_get(r, columns_find(c, "selected"));
	char *votes = field_get(r, columns_find(c, "votes"));
	size_t line = r->rec_line;
	int64_t cents = 0, v;
	int idx;

	if (r->nf > c->n)
		P(pb, line, 0, _("%zu fields but the PROJECTS header has %zu"), r->nf, c->n);
	if (id == NULL) {
		P(pb, line, 1, _("project without project_id"));
		return 0;
	}
	if (cost == NULL)
		P(pb, line, 1, _("project %s has no cost"), id);
	else if (pabulib_money_parse(cost, &cents) == -1)
		P(pb, line, 1, _("project %s: cost \"%s\" is not a valid amount"), id, cost);
	if (pabulib_project_find(pb, id) >= 0) {
		P(pb, line, 1, _("project %s appears twice"), id);
		return 0;
	}
	if (pb->nprojects >= TALLY_MAX_PROJECTS) {
		P(pb, line, 1, _("more than %d projects"), TALLY_MAX_PROJECTS);
		return 0;
	}
	if ((idx = pabulib_project_add(pb, id, cents, name)) < 0)
		return -1;
	pb->projects[idx].line = line;
	pb->projects[idx].withdrawn = cents == PABULIB_SENTINEL_COST;
	if (sel != NULL) {
		if (int_parse(sel, &v) == -1 || v < 0 || v > 3)
			P(pb, line, 0, _("project %s: selected \"%s\" is not 0, 1, 2 or 3"), id, sel);
		else
			pb->projects[idx].selected = (int)v;
	}
	if (votes != NULL) {
		if (int_parse(votes, &v) == -1 || v < 0)
			P(pb, line, 0, _("project %s: votes \"%s\" is not a count"), id, votes);
		else
			pb->projects[idx].votes = v;
	}
	return 0;
}

/* Splits a comma-separated list in place; returns the number of items (empty list: 0). */
static size_t
list_split(char *s, char ***items, size_t *cap)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (;;) {
		char *comma = strchr(s, ',');
		if (comma != NULL)
			*comma = '\0';
		if (grow(items, cap, n + 1, sizeof(**items)) == -1)
			return SIZE_MAX;
		(*items)[n++] = trim(s);
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	if (n == 1 && (*items)[0][0] == '\0')
		return 0;
	return n;
}

struct vote_scratch {
	char		**items, **pitems;
	size_t		  icap, pcap, ucap, ptscap;
	uint32_t	 *proj;
	int64_t		 *pts;
	uint8_t		 *dup;		/* per entry: a repeat of an earlier entry */
	size_t		  dupcap;
	uint32_t	 *seen;		/* per project: serial of the last row that listed it */
	size_t		  seen_cap;
	uint32_t	  serial;
};

static int
vote_row(struct pabulib *pb, struct reader *r, const struct columns *c,
    const struct limits *lim, struct vote_scratch *vs)
{
	int64_t cpoints = columns_find(c, "points");
	char *voter = field_get(r, columns_find(c, "voter_id"));
	char *vote = field_get(r, columns_find(c, "vote"));
	char *points = field_get(r, cpoints);
	size_t line = r->rec_line, n, np = 0, ok = 1;
	int needs_points = pb->vote_type == PABULIB_VOTE_CUMULATIVE ||
	    pb->vote_type == PABULIB_VOTE_SCORING;
	int64_t sum_cost = 0, sum_points = 0;
	uint32_t stamp = ++vs->serial;

	if (r->nf > c->n)
		P(pb, line, 0, _("%zu fields but the VOTES header has %zu"), r->nf, c->n);
	if (voter == NULL)
		P(pb, line, 0, _("vote without voter_id"));
	if ((n = list_split(vote, &vs->items, &vs->icap)) == SIZE_MAX)
		return -1;
	if (grow(&vs->proj, &vs->ucap, n + 1, sizeof(*vs->proj)) ||
	    grow(&vs->pts, &vs->ptscap, n + 1, sizeof(*vs->pts)) ||
	    grow(&vs->dup, &vs->dupcap, n + 1, sizeof(*vs->dup)))
		return -1;
	uint8_t *dup = vs->dup;
	size_t ndup = 0;
	if (vs->seen_cap < pb->nprojects + 1) {
		/* Projects are complete once VOTES starts: this happens once. */
		if (grow(&vs->seen, &vs->seen_cap, pb->nprojects + 1, sizeof(*vs->seen)))
			return -1;
		memset(vs->seen, 0, vs->seen_cap * sizeof(*vs->seen));
	}
	for (size_t i = 0; i < n; i++) {
		int64_t p = pabulib_project_find(pb, vs->items[i]);
		if (p < 0) {
			P(pb, line, 1, _("vote names unknown project \"%s\""), vs->items[i]);
			ok = 0;
			continue;
		}
		if (vs->seen[p] == stamp) {
			/* The checker's error; pabutools reads the ballot as a set and the
			   official outcomes agree: counted once (the first entry). */
			size_t k = pb->nproblems;
			P(pb, line, 0, _("vote lists project %s twice"), vs->items[i]);
			if (pb->nproblems > k)
				pb->problems[k].counted_once = 1;
			dup[i] = 1;
			ndup++;
			continue;
		}
		dup[i] = 0;
		vs->seen[p] = stamp;
		vs->proj[i] = (uint32_t)p;
		sum_cost += pb->projects[p].cost;
	}
	if (cpoints >= 0) {
		if ((np = list_split(points, &vs->pitems, &vs->pcap)) == SIZE_MAX)
			return -1;
		if (np != n) {
			P(pb, line, needs_points || pb->vote_type == PABULIB_VOTE_ORDINAL,
			    _("%zu points for %zu projects"), np, n);
			ok = 0;
		}
		for (size_t i = 0; ok && i < np; i++) {
			int64_t v;
			if (int_parse(vs->pitems[i], &v) == -1 || v > TALLY_MAX_POINTS ||
			    v < -TALLY_MAX_POINTS) {
				P(pb, line, 1, _("points \"%s\" is not a valid number"), vs->pitems[i]);
				ok = 0;
				break;
			}
			vs->pts[i] = v;
			sum_points += v;
			if (lim->has_min_points && v < lim->min_points)
				P(pb, line, 0, _("%" PRId64 " points is below min_points %" PRId64),
				    v, lim->min_points);
			if (lim->has_max_points && v > lim->max_points)
				P(pb, line, 0, _("%" PRId64 " points is above max_points %" PRId64),
				    v, lim->max_points);
		}
	} else if (needs_points) {
		P(pb, line, 1, _("%s votes need a points column"), pabulib_vote_type_name(pb->vote_type));
		ok = 0;
	}
	if (lim->has_min_length && (int64_t)n < lim->min_length)
		P(pb, line, 0, _("vote has %zu projects, min_length is %" PRId64), n, lim->min_length);
	if (lim->has_max_length && (int64_t)n > lim->max_length)
		P(pb, line, 0, _("vote has %zu projects, max_length is %" PRId64), n, lim->max_length);
	if (ok && lim->has_min_sum_cost && sum_cost < lim->min_sum_cost)
		P(pb, line, 0, _("vote costs %" PRId64 ".%02" PRId64 " in all, min_sum_cost is %"
		    PRId64 ".%02" PRId64), sum_cost / 100, sum_cost % 100, lim->min_sum_cost / 100,
		    lim->min_sum_cost % 100);
	if (ok && lim->has_max_sum_cost && sum_cost > lim->max_sum_cost)
		P(pb, line, 0, _("vote costs %" PRId64 ".%02" PRId64 " in all, max_sum_cost is %"
		    PRId64 ".%02" PRId64), sum_cost / 100, sum_cost % 100, lim->max_sum_cost / 100,
		    lim->max_sum_cost % 100);
	if (ok && cpoints >= 0 && lim->has_min_sum_points && sum_points < lim->min_sum_points)
		P(pb, line, 0, _("vote gives %" PRId64 " points, min_sum_points is %" PRId64),
		    sum_points, lim->min_sum_points);
	if (ok && cpoints >= 0 && lim->has_max_sum_points && sum_points > lim->max_sum_points)
		P(pb, line, 0, _("vote gives %" PRId64 " points, max_sum_points is %" PRId64),
		    sum_points, lim->max_sum_points);
	if (!ok)
		return 0;
	if (ndup > 0) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (!dup[i]) {
				vs->proj[k] = vs->proj[i];
				vs->pts[k] = vs->pts[i];
				k++;
			}
		n = k;
	}
	if (pabulib_vote_add(pb, voter, vs->proj, cpoints >= 0 ? vs->pts : NULL, n) == -1)
		return -1;
	pb->votes[pb->nvotes - 1].line = line;
	return 0;
}

/* Checks that need the whole file: counts against META and the votes column. */
static int
final_checks(struct pabulib *pb, const struct limits *lim, int seen_votes)
{
	uint64_t *count;

	if (lim->has_num_projects && lim->num_projects != (int64_t)pb->nprojects)
		P(pb, meta_line(pb, "num_projects"), 0, _("num_projects is %" PRId64
		    " but PROJECTS has %zu"), lim->num_projects, pb->nprojects);
	if (lim->has_num_votes && seen_votes && lim->num_votes != (int64_t)pb->nvotes)
		P(pb, meta_line(pb, "num_votes"), 0, _("num_votes is %" PRId64
		    " but VOTES has %zu"), lim->num_votes, pb->nvotes);
	if (pb->nfatal > 0)
		return 0;	/* counts would be off because of dropped votes */
	if ((count = calloc(pb->nprojects ? pb->nprojects : 1, sizeof(*count))) == NULL)
		return -1;
	for (size_t i = 0; i < pb->nvotes; i++)
		for (size_t j = 0; j < pb->votes[i].n; j++)
			count[pb->votes[i].projects[j]]++;
	for (size_t p = 0; p < pb->nprojects; p++)
		if (pb->projects[p].votes >= 0 && (uint64_t)pb->projects[p].votes != count[p] &&
		    problem(pb, pb->projects[p].line, 0, _("project %s: votes is %" PRId64
		    " but %" PRIu64 " votes list it"), pb->projects[p].id, pb->projects[p].votes,
		    count[p]) == -1) {
			free(count);
			return -1;
		}
	free(count);
	return 0;
}

static int
problem_cmp(const void *a, const void *b)
{
	const struct pabulib_problem *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

static int
parse(struct pabulib *pb, const char *buf, size_t len)
{
	struct reader r;
	struct columns cols;
	struct limits lim;
	struct vote_scratch vs;
	enum section sec = SEC_NONE, s;
	int want_header = 0, seen[4] = { 0 }, rc = -1, got;

	memset(&r, 0, sizeof(r));
	memset(&cols, 0, sizeof(cols));
	memset(&lim, 0, sizeof(lim));
	memset(&vs, 0, sizeof(vs));
	r.buf = buf;
	r.len = len;
	r.line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		r.pos = 3;
	while ((got = record_next(&r)) == 1) {
		if (record_blank(&r))
			continue;
		if ((s = record_section(&r)) != SEC_NONE) {
			if (seen[s] || s < sec || (s != SEC_META && !seen[s - 1])) {
				if (problem(pb, r.rec_line, 1, _("section %s out of order or repeated"),
				    s == SEC_META ? "META" : s == SEC_PROJECTS ? "PROJECTS" : "VOTES"))
					goto done;
				sec = SEC_NONE;	/* ignore its lines */
				want_header = 0;
				continue;
			}
			if (want_header && sec != SEC_NONE && problem(pb, r.rec_line, 1,
			    _("the section before line %zu has no header"), r.rec_line) == -1)
				goto done;
			if (sec == SEC_META && meta_finish(pb, &lim, r.rec_line) == -1)
				goto done;
			seen[s] = 1;
			sec = s;
			want_header = 1;
			continue;
		}
		if (sec == SEC_NONE) {
			if (!seen[SEC_META] && problem(pb, r.rec_line, 1,
			    _("expected the META section first")) == -1)
				goto done;
			if (!seen[SEC_META])
				seen[SEC_META] = 2;	/* report once; still no META */
			continue;
		}
		if (want_header) {
			if (columns_read(&cols, &r) == -1)
				goto done;
			want_header = 0;
			if (sec == SEC_META && (cols.n < 2 || strcmp(cols.names[0], "key") != 0 ||
			    strcmp(cols.names[1], "value") != 0) &&
			    problem(pb, r.rec_line, 0, _("the META header should be key;value")) == -1)
				goto done;
			if (sec == SEC_PROJECTS) {
				if (columns_find(&cols, "project_id") < 0 &&
				    problem(pb, r.rec_line, 1, _("PROJECTS has no project_id column")) == -1)
					goto done;
				if (columns_find(&cols, "cost") < 0 &&
				    problem(pb, r.rec_line, 1, _("PROJECTS has no cost column")) == -1)
					goto done;
			}
			if (sec == SEC_VOTES && columns_find(&cols, "vote") < 0 &&
			    problem(pb, r.rec_line, 1, _("VOTES has no vote column")) == -1)
				goto done;
			continue;
		}
		switch (sec) {
		case SEC_META: {
			char *k = trim(FIELD(&r, 0)), *v = r.nf > 1 ? trim(FIELD(&r, 1)) : "";
			if (r.nf > 2 && problem(pb, r.rec_line, 0, _("META line has %zu fields"), r.nf))
				goto done;
			if (k[0] == '\0') {
				if (problem(pb, r.rec_line, 0, _("META line without a key")) == -1)
					goto done;
				break;
			}
			if (pabulib_meta_get(pb, k) != NULL &&
			    problem(pb, r.rec_line, 0, _("META key %s repeated"), k) == -1)
				goto done;
			if (meta_add(pb, k, v, r.rec_line) == -1)
				goto done;
			break;
		}
		case SEC_PROJECTS:
			if (columns_find(&cols, "project_id") >= 0 && columns_find(&cols, "cost") >= 0 &&
			    project_row(pb, &r, &cols) == -1)
				goto done;
			break;
		case SEC_VOTES:
			if (columns_find(&cols, "vote") >= 0 &&
			    vote_row(pb, &r, &cols, &lim, &vs) == -1)
				goto done;
			if (columns_find(&cols, "points") >= 0)
				pb->has_points = 1;
			break;
		case SEC_NONE:
			break;
		}
	}
	if (got == -1)
		goto done;
	if (r.unterminated && problem(pb, r.rec_line, 1, _("a quoted field is not closed")) == -1)
		goto done;
	if (sec == SEC_META && meta_finish(pb, &lim, r.line) == -1)
		goto done;
	if (seen[SEC_META] != 1 && problem(pb, 0, 1, _("no META section")) == -1)
		goto done;
	if (!seen[SEC_PROJECTS] && problem(pb, 0, 1, _("no PROJECTS section")) == -1)
		goto done;
	if (!seen[SEC_VOTES] && problem(pb, 0, 1, _("no VOTES section")) == -1)
		goto done;
	if (want_header && sec != SEC_NONE &&
	    problem(pb, r.line, 1, _("the last section has no header")) == -1)
		goto done;
	if (final_checks(pb, &lim, seen[SEC_VOTES]) == -1)
		goto done;
	if (pb->nproblems > 1)
		qsort(pb->problems, pb->nproblems, sizeof(*pb->problems), problem_cmp);
	rc = 0;
done:
	columns_free(&cols);
	free(r.sb);
	free(r.fo);
	free(vs.items);
	free(vs.pitems);
	free(vs.proj);
	free(vs.pts);
	free(vs.seen);
	free(vs.dup);
	return rc;
}

int
pabulib_parse(const char *buf, size_t len, struct pabulib **out)
{
	struct pabulib *pb = pabulib_new();

	*out = NULL;
	if (pb == NULL)
		return -1;
	if (parse(pb, buf, len) == -1) {
		pabulib_free(pb);
		return -1;
	}
	*out = pb;
	return 0;
}

int
pabulib_read_file(const char *path, struct pabulib **out, char *err, size_t errlen)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	*out = NULL;
	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, _("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= PABULIB_MAX_FILE) {
				snprintf(err, errlen, _("%s is larger than 1 GiB"), path);
				goto fail;
			}
			char *nb = realloc(buf, cap = cap ? 2 * cap : 1 << 16);
			if (nb == NULL) {
				snprintf(err, errlen, _("out of memory reading %s"), path);
				goto fail;
			}
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		goto fail;
	}
	fclose(f);
	rc = pabulib_parse(buf, len, out);
	free(buf);
	if (rc == -1)
		snprintf(err, errlen, _("out of memory parsing %s"), path);
	return rc;
fail:
	fclose(f);
	free(buf);
	return -1;
}

/* ---- the writer ---- */

/* A CSV field: quoted when it holds the separator, a quote, a line break or edge blanks. */
static void
put_field(FILE *f, const char *s)
{
	size_t n = strlen(s);

	if (strpbrk(s, ";\"\r\n") == NULL && (n == 0 || (!isspace((unsigned char)s[0]) &&
	    !isspace((unsigned char)s[n - 1])))) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
put_money(FILE *f, int64_t cents)
{
	if (cents % 100 == 0)
		fprintf(f, "%" PRId64, cents / 100);
	else
		fprintf(f, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
}

static void
put_meta(FILE *f, const char *key, const char *value)
{
	put_field(f, key);
	fputc(';', f);
	put_field(f, value);
	fputc('\n', f);
}

int
pabulib_write(FILE *f, const struct pabulib *pb)
{
	static const char *derived[] = { "vote_type", "budget", "num_projects", "num_votes" };
	char val[4][48];
	int has_selected = 0, done[4] = { 0 };
	uint64_t *count;

	if ((count = calloc(pb->nprojects ? pb->nprojects : 1, sizeof(*count))) == NULL)
		return -1;
	for (size_t i = 0; i < pb->nvotes; i++)
		for (size_t j = 0; j < pb->votes[i].n; j++)
			count[pb->votes[i].projects[j]]++;
	snprintf(val[0], sizeof(val[0]), "%s", pabulib_vote_type_name(pb->vote_type));
	if (pb->budget % 100 == 0)
		snprintf(val[1], sizeof(val[1]), "%" PRId64, (pb->budget < 0 ? 0 : pb->budget) / 100);
	else
		snprintf(val[1], sizeof(val[1]), "%" PRId64 ".%02" PRId64, pb->budget / 100,
		    pb->budget % 100);
	snprintf(val[2], sizeof(val[2]), "%zu", pb->nprojects);
	snprintf(val[3], sizeof(val[3]), "%zu", pb->nvotes);

	fputs("META\nkey;value\n", f);
	for (size_t i = 0; i < pb->nmeta; i++) {
		const char *v = pb->meta[i].value;
		for (int d = 0; d < 4; d++)
			if (strcmp(pb->meta[i].key, derived[d]) == 0) {
				v = val[d];
				done[d] = 1;
			}
		put_meta(f, pb->meta[i].key, v);
	}
	for (int d = 0; d < 4; d++)
		if (!done[d])
			put_meta(f, derived[d], val[d]);

	for (size_t p = 0; p < pb->nprojects; p++)
		if (pb->projects[p].selected >= 0)
			has_selected = 1;
	fprintf(f, "PROJECTS\nproject_id;cost;votes;name%s\n", has_selected ? ";selected" : "");
	for (size_t p = 0; p < pb->nprojects; p++) {
		const struct pabulib_project *pr = &pb->projects[p];
		put_field(f, pr->id);
		fputc(';', f);
		put_money(f, pr->cost);
		fprintf(f, ";%" PRIu64 ";", count[p]);
		put_field(f, pr->name != NULL && pr->name[0] != '\0' ? pr->name : "None");
		if (has_selected) {
			if (pr->selected >= 0)
				fprintf(f, ";%d", pr->selected);
			else
				fputs(";None", f);
		}
		fputc('\n', f);
	}
	free(count);

	fprintf(f, "VOTES\nvoter_id;vote%s\n", pb->has_points ? ";points" : "");
	for (size_t i = 0; i < pb->nvotes; i++) {
		const struct pabulib_vote *v = &pb->votes[i];
		char idbuf[32];

		if (v->voter_id != NULL && v->voter_id[0] != '\0')
			put_field(f, v->voter_id);
		else {
			snprintf(idbuf, sizeof(idbuf), "%zu", i + 1);
			fputs(idbuf, f);
		}
		fputc(';', f);
		/* An id holding a comma would split: quote the whole list then (ids with
		   commas cannot round-trip in pabulib anyway; the builder allows them). */
		for (size_t j = 0; j < v->n; j++) {
			const char *id = pb->projects[v->projects[j]].id;
			if (strpbrk(id, ";\"\r\n") != NULL) {
				fputs(j ? "," : "", f);
				put_field(f, id);
			} else
				fprintf(f, "%s%s", j ? "," : "", id);
		}
		if (pb->has_points) {
			fputc(';', f);
			for (size_t j = 0; v->points != NULL && j < v->n; j++)
				fprintf(f, "%s%" PRId64, j ? "," : "", v->points[j]);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* ---- to the tally engine ---- */

int
pabulib_instance(const struct pabulib *pb, struct tally_instance *inst, char *err,
    size_t errlen)
{
	struct tally_project *projects;
	struct tally_ballot *ballots;
	const char *k;
	int64_t kv;

	memset(inst, 0, sizeof(*inst));
	if (pb->nfatal > 0) {
		const struct pabulib_problem *pr = NULL;
		for (size_t i = 0; i < pb->nproblems; i++)
			if (pb->problems[i].fatal) {
				pr = &pb->problems[i];
				break;
			}
		if (pr != NULL)
			snprintf(err, errlen, _("line %zu: %s"), pr->line, pr->message);
		else
			snprintf(err, errlen, _("the file has fatal problems"));
		return -1;
	}
	if (pb->budget < 0) {
		snprintf(err, errlen, _("the file has no valid budget"));
		return -1;
	}
	projects = calloc(pb->nprojects ? pb->nprojects : 1, sizeof(*projects));
	ballots = calloc(pb->nvotes ? pb->nvotes : 1, sizeof(*ballots));
	if (projects == NULL || ballots == NULL) {
		free(projects);
		free(ballots);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	for (size_t p = 0; p < pb->nprojects; p++) {
		projects[p].id = pb->projects[p].id;
		projects[p].name = pb->projects[p].name;
		projects[p].cost = pb->projects[p].cost;
		projects[p].withdrawn = pb->projects[p].withdrawn;
	}
	switch (pb->vote_type) {
	case PABULIB_VOTE_CUMULATIVE:	inst->type = TALLY_BALLOT_CUMULATIVE; break;
	case PABULIB_VOTE_SCORING:	inst->type = TALLY_BALLOT_SCORING; break;
	case PABULIB_VOTE_ORDINAL:	inst->type = TALLY_BALLOT_ORDINAL; break;
	default:			inst->type = TALLY_BALLOT_APPROVAL; break;
	}
	for (size_t i = 0; i < pb->nvotes; i++) {
		ballots[i].n = pb->votes[i].n;
		ballots[i].projects = pb->votes[i].projects;
		ballots[i].points = inst->type == TALLY_BALLOT_APPROVAL ? NULL : pb->votes[i].points;
	}
	k = pabulib_meta_get(pb, "max_length");
	if (inst->type == TALLY_BALLOT_ORDINAL && !is_missing(k) && int_parse(k, &kv) == 0 && kv > 0)
		inst->ordinal_k = kv;
	inst->projects = projects;
	inst->nprojects = pb->nprojects;
	inst->ballots = ballots;
	inst->nballots = pb->nvotes;
	inst->budget = pb->budget;
	inst->currency = pabulib_meta_get(pb, "currency");
	return 0;
}

void
pabulib_instance_free(struct tally_instance *inst)
{
	if (inst == NULL)
		return;
	free((void *)(uintptr_t)inst->projects);
	free((void *)(uintptr_t)inst->ballots);
	memset(inst, 0, sizeof(*inst));
}

int
pabulib_options(const struct pabulib *pb, struct tally_options *opt, int with_rule, char *err,
    size_t errlen)
{
	const char *rule = pabulib_meta_get(pb, "rule");
	const char *t = pabulib_meta_get(pb, "min_project_score_threshold");
	int64_t v;

	if (!is_missing(t)) {
		if (int_parse(t, &v) == -1) {
			snprintf(err, errlen, _("min_project_score_threshold \"%s\" is not an integer"), t);
			return -1;
		}
		opt->has_threshold = 1;
		opt->threshold = v;
	}
	if (!with_rule)
		return 0;
	if (is_missing(rule)) {
		snprintf(err, errlen, _("the file names no rule; give one with --rule: %s"),
		    tally_rule_names);
		return -1;
	}
	if (tally_rule_parse(opt, rule) == -1) {
		snprintf(err, errlen, _("the file's rule is \"%s\", which says nothing we can "
		    "run; give one with --rule: %s"), rule, tally_rule_names);
		return -1;
	}
	return 0;
}
