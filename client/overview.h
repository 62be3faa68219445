/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * overview.h — the jaaroverzicht (issue 13): per village and for the whole municipality,
 * what a year of dorpsbudget rounds asked, decided, funded and how many voted, with this
 * year beside the previous one. docs/cli.md, "Jaaroverzicht".
 *
 * Two halves. cmd_overview (overview.c) fetches the facts from the daemon with the
 * ordinary read requests into an ov_input; ov_compute turns that into an ov_report, and
 * the ov_write_* functions print it (text, CSV, JSON, HTML). The second half needs no
 * daemon, so tests/bench/overview.c feeds it synthetic villages and years.
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

/* A village's number of inhabitants from a year on (--inhabitants FILE). */
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

/* Turnout in hundredths of a percent, rounded half up; -1 when the denominator is 0. */
int64_t	ov_bp(uint64_t num, uint64_t den);

void	ov_write_text(FILE *, const struct ov_report *);
/* CSV for a Dutch spreadsheet, like `result --csv`: UTF-8 BOM, ';', decimal comma, CRLF. */
void	ov_write_csv(FILE *, const struct ov_report *);
void	ov_write_json(FILE *, const struct ov_report *);
/* One self-contained page (inline SVG, no external resources) that prints on A4. */
void	ov_write_html(FILE *, const struct ov_report *);

#endif
