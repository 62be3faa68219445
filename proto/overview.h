/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * overview.h — the jaaroverzicht (issue 13): per village and for the whole municipality,
 * what a year of dorpsbudget rounds asked, decided, funded and how many voted, with this
 * year beside the previous one. docs/cli.md, "Jaaroverzicht"; docs/web.md, /dorp/NAAM/JAAR.
 *
 * Three parts. An ov_input is filled from the signed public events — by the client
 * (client/cmd_overview.c, over the protocol) or by the web site (daemon/web.c, from the
 * store read-only) — each folding them through ov_round_event and ov_inhabitants_event
 * here in proto/overview.c. ov_compute (also here) turns it into an ov_report. The
 * client's ov_write_* (client/overview.c, gettext) print it as text, CSV, JSON and HTML;
 * the web site writes its own page in the site's frame and language switch. The compute
 * part needs no daemon, so tests/bench/overview.c feeds it synthetic villages and years.
 *
 * A round belongs to the year (local time) in which it closed; only closed and counted
 * rounds count (a draft, voting or cancelled round belongs to no year).
 */
#ifndef OVERVIEW_H
#define OVERVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OV_MAX_YEARS	50	/* rounds older than this many years are left out */

/* ---- what is fetched ------------------------------------------------------------------ */

struct ov_init {
	uint32_t	 id;
	uint64_t	 cost;		/* cents */
	uint8_t		 status;	/* enum initiative_status */
	int		 funded;	/* by the round's result */
	const char	*category;	/* "" when none */
	uint32_t	 cond_version;	/* conditions version of its decision (0: none) */
	uint64_t	 unmet;		/* rejections: bit k set = condition k+1 not met */
};

/*
 * Toekenning en verantwoording (issue 13: grants, payments, accounting lines, close).
 * Not recorded by dorpsstem yet. A round's figures go in its ov_round.spending (the fetch
 * fills them from the round's spending events, once there are such events: see
 * round_event in cmd_overview.c); ov_spending_fill, the one place that adds them up per
 * village and year, marks a row recorded only when every round in it is. Until then each
 * writer shows "—" (JSON null, an empty CSV cell) with a note. Never a made-up figure.
 */
struct ov_spending {
	int		 recorded;	/* 0: nothing below is known */
	uint64_t	 granted, paid, spent, returned, outstanding;	/* cents */
	uint32_t	 overdue;	/* initiatives past their due date */
};

struct ov_round {
	uint32_t	 id, village;
	int		 year;		/* the year it closed, local time */
	uint64_t	 budget;	/* cents */
	uint64_t	 ballots;
	uint64_t	 cards;		/* credentials registered minus revoked */
	struct ov_init	*init;
	size_t		 ninit;
	struct ov_spending spending;	/* zero: not recorded */
};

struct ov_village {
	uint32_t	 id;
	const char	*name;
};

/* A village's number of inhabitants from a year on: the village's signed inhabitants-set
 * events in ledger 0 (`village inhabitants`), or `overview --inhabitants FILE`. */
struct ov_inhabitants {
	uint32_t	 village;
	int		 year;
	uint64_t	 n;
};

/* The text of one version of a village's conditions, for the "failed most" list. */
struct ov_condtext {
	uint32_t	 village, version;
	char		**text;
	uint32_t	 n;
};

struct ov_input {
	int			 year;
	uint32_t		 only;		/* one village's id, 0 = the whole municipality */
	struct ov_village	*villages;	/* the villages shown (one, or all) */
	size_t			 nvillages;
	struct ov_round		*rounds;	/* closed rounds of those villages, any year */
	size_t			 nrounds;
	struct ov_inhabitants	*inh;
	size_t			 ninh;
	struct ov_condtext	*conds;
	size_t			 nconds;
};

struct event;
struct spend_book;

/* Folds one public event of round r's ledger into its figures (initiatives, costs,
 * categories, decisions per condition, cards, ballots, what was funded); *revoked counts
 * credential revocations (subtract them from r->cards at the end). 0, or -1 (out of
 * memory); an event that does not decode is left to audit verify. */
int	ov_round_event(struct ov_round *r, const struct event *, uint64_t *revoked);
/* The round's spending from its books (proto/spending.c), overdue against today
 * (YYYYMMDD, local time). */
void	ov_round_books(struct ov_round *r, const struct spend_book *, uint32_t today);
/* An inhabitants-set event of ledger 0 into in->inh (only for in->villages). 0, or -1. */
int	ov_inhabitants_event(struct ov_input *, const struct event *);

/*
 * The text of every conditions version this year's rejections name, into in->conds: for
 * each (village, version) not there yet, get(arg, village, version, &cd) fills cd (0;
 * ov_load_conditions frees it), finds none (1: skipped), or fails (-1: it said why).
 * 0, -1 when get failed, -2 when out of memory. The client asks the daemon, the web
 * process reads the store; the walk is this one.
 */
struct conditions;
int	ov_load_conditions(struct ov_input *, int (*)(void *, uint32_t, uint32_t,
	    struct conditions *), void *);
/* Frees what the folds and the fetches allocated: rounds with their initiatives and
 * categories, condition texts, inhabitants, the villages array (not the names). */
void	ov_input_free(struct ov_input *);

/* ---- what is computed ----------------------------------------------------------------- */

struct ov_count {
	uint32_t	 n;
	uint64_t	 amount;	/* cents */
};

struct ov_fail {			/* a condition not met, and how often */
	uint32_t	 village, version, nr, count;
};

struct ov_cat {				/* initiatives of one category */
	const char	*name;		/* "" for none */
	struct ov_count	 requested, admitted, funded;
};

struct ov_row {
	uint32_t	 village;	/* 0: the total of the selection */
	const char	*name;
	int		 year;
	uint32_t	 rounds;
	uint64_t	 budget;
	struct ov_count	 requested, admitted, rejected, withdrawn, funded;
	uint64_t	 ballots, cards;
	uint64_t	 inhabitants;	/* 0: not known */
	uint64_t	 ballots_inh;	/* ballots of the villages whose inhabitants are known */
	struct ov_spending spending;
	struct ov_fail	*fails;		/* most often first */
	size_t		 nfails;
	struct ov_cat	*cats;		/* most funded first */
	size_t		 ncats;
};

struct ov_report {
	int		 year;
	uint32_t	 only;
	struct ov_row	*rows;		/* one per village shown, year `year` */
	size_t		 nrows;
	struct ov_row	 total;		/* the selection in `year` */
	struct ov_row	 prev;		/* the selection in `year` - 1 */
	struct ov_row	*years;		/* the selection per year, first year with a round .. year */
	size_t		 nyears;
	const struct ov_input *in;
};

/* Computes the report. 0, or -1 (out of memory). */
int	ov_compute(const struct ov_input *, struct ov_report *);
void	ov_report_free(struct ov_report *);
/* Adds up the spending of the row's rounds (see struct ov_spending). */
void	ov_spending_fill(const struct ov_input *, struct ov_row *);
/* One row: village (0 = every village of the selection) in year; with details, the
 * categories and the failed conditions too. 0, or -1. Free it with ov_row_free. */
int	ov_row_fill(const struct ov_input *, struct ov_row *, uint32_t village,
	    const char *name, int year, int details);
void	ov_row_free(struct ov_row *);

/* The indicators table (issue 13: "behaald vorig jaar / behaald dit jaar"): one list for
 * every writer, the client's and the web site's. */
enum ov_kind { OV_COUNT, OV_MONEY, OV_BP };
struct ov_indicator {
	const char	*key;		/* JSON */
	const char	*label;		/* N_(): the client's text and HTML (the site has its own) */
	enum ov_kind	 kind;
};
extern const struct ov_indicator ov_indicators[];
extern const size_t ov_nindicators;
/* An indicator's value in a row; -1: not known. */
int64_t	ov_ind_value(const struct ov_row *, size_t i);
#define OV_TOP_FAILS	10		/* conditions listed under "failed most" */

/* Turnout in hundredths of a percent, rounded half up; -1 when the denominator is 0. */
int64_t	ov_bp(uint64_t num, uint64_t den);

/* client/overview.c (gettext; linked into the client only) */
void	ov_write_text(FILE *, const struct ov_report *);
/* CSV for a Dutch spreadsheet, like `result --csv`: UTF-8 BOM, ';', decimal comma, CRLF. */
void	ov_write_csv(FILE *, const struct ov_report *);
void	ov_write_json(FILE *, const struct ov_report *);
/* One self-contained page (inline SVG, no external resources) that prints on A4. */
void	ov_write_html(FILE *, const struct ov_report *);

#endif
