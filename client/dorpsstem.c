/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dorpsstem — the client: organiser commands, and (in their own files) the kiosk, audit
 * and offline tools. main() reads the global options, then finds the command in one table
 * (bgpctl style) and hands it the remaining arguments. docs/cli.md describes it all.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "dorpsstem.h"
#include "i18n.h"
#include "pabulib_cmd.h"
#include "version.h"

struct command {
	const char	*word, *sub;	/* "round", "create"; sub NULL for one-word commands */
	int		(*fn)(struct cli *, int, char *[]);
	const char	*args;		/* after the command words, for usage lines */
	const char	*help;		/* what it does, and its options */
};

static const struct command commands[] = {
	{ "keygen", NULL, cmd_keygen, "-o FILE [--comment TEXT]",
	  N_("Make an organiser key pair: FILE (secret, mode 0600) and FILE.pub. The public key\n"
	  "goes into dorpsstemd.conf as: organiser \"Name\" key HEX\n") },
	{ "status", NULL, cmd_status, "",
	  N_("Show the daemon's version, key, TLS fingerprint and counts.\n") },
	{ "village", "add", cmd_village_add, "NAME",
	  N_("Add a village (or neighbourhood). Signed with the organiser key.\n") },
	{ "village", "list", cmd_village_list, "",
	  N_("List the villages.\n") },
	{ "village", "inhabitants", cmd_village_inhabitants, "VILLAGE [YEAR N]",
	  N_("Set how many people live in the village in YEAR (it counts from that year on,\n"
	  "until a later year is set), for the yearly overview's turnout per inhabitant.\n"
	  "Signed. Without YEAR N: the figures set so far, from the signed ledger.\n") },
	{ "round", "create", cmd_round_create,
	  "VILLAGE NAME --budget EUR --ballot TYPE --rule RULE [options]",
	  N_("Create a round in draft. VILLAGE is a name or an id.\n"
	  "  --budget EUR          the dorpsbudget, like 25000 or 1250,50\n"
	  "  --ballot TYPE         approval, knapsack, cumulative or ordinal\n"
	  "  --min N, --max N      choices (approval, knapsack) or ranks (ordinal); 0 = no bound\n"
	  "  --limit EUR           knapsack: what the chosen costs may add up to (default: budget)\n"
	  "  --points N            cumulative: points each voter distributes\n"
	  "  --max-points N        cumulative: at most this many on one initiative\n"
	  "  --rule RULE           greedy, greedy-no-skip, greedy-threshold, equalshares,\n"
	  "                        equalshares/add1, equalshares/add1-comparison, phragmen\n"
	  "  --threshold N         greedy-threshold: the least number of votes (points) an\n"
	  "                        initiative needs to be funded\n"
	  "  --tie-break T         cost-votes (default) or lexico\n"
	  "  --opens TIME          open by schedule; TIME is \"YYYY-MM-DD HH:MM\" (local time),\n"
	  "                        YYYY-MM-DDTHH:MM[:SS], or +N[smhd] from now\n"
	  "  --closes TIME         close (and tally) by schedule\n") },
	{ "round", "set", cmd_round_set, "ROUND [--name N] [--budget EUR] [--ballot TYPE] [options]",
	  N_("Change a draft round's settings: the options of round create, each optional;\n"
	  "what is not given stays (settings of another ballot type are dropped when --ballot\n"
	  "changes). --opens none / --closes none remove a schedule. Signed.\n") },
	{ "round", "list", cmd_round_list, "[VILLAGE]",
	  N_("List all rounds, or those of one village.\n") },
	{ "round", "show", cmd_round_show, "ROUND",
	  N_("Show a round's settings, state and initiatives.\n") },
	{ "round", "open", cmd_round_open, "ROUND",
	  N_("Open a round for voting now; this freezes it. Signed.\n") },
	{ "round", "close", cmd_round_close, "ROUND",
	  N_("Close a round now: no more ballots, the tally runs. Signed.\n") },
	{ "round", "cancel", cmd_round_cancel, "ROUND",
	  N_("Cancel a round. Signed.\n") },
	{ "round", "checkpoint", cmd_round_checkpoint, "ROUND [--new] [-o FILE]",
	  N_("The round's latest checkpoint, signed by the daemon: event count, chain head and\n"
	  "ballots so far. The daemon signs one every checkpoint interval while voting;\n"
	  "--new asks it to sign one now (signed with an organiser key, rate-limited).\n"
	  "-o FILE appends it to FILE, to keep and check later with audit verify\n"
	  "--checkpoints FILE.\n") },
	{ "initiative", "add", cmd_initiative_add,
	  "ROUND --title T --cost EUR [--summary S] [--proposer P] [--category C]",
	  N_("Add an initiative to a round in draft; it starts as submitted and gets the\n"
	  "round's next number (ROUND/NR, like 5/3). Signed.\n") },
	{ "initiative", "submit", cmd_initiative_submit,
	  "ROUND --title T --proposer P --contact C --line \"omschrijving=bedrag\" [--line …]\n"
	  "    [--summary S] [--category K] [--cofunding \"bron=bedrag\" …] [--volunteers N]\n"
	  "    [--planned \"van tot\"] [--public]",
	  N_("Submit an aanvraag (a paper form typed in): the initiative costs the sum of its\n"
	  "budget lines and starts as submitted. The contact details are stored apart and\n"
	  "never published (not in the ledger, bundles, exports, results or logs). Signed;\n"
	  "with --public unsigned, as a resident's web form will send it (draft rounds only,\n"
	  "a limited number waiting): prints a follow-up code.\n") },
	{ "initiative", "show", cmd_initiative_show, "ROUND/NR",
	  N_("One initiative: its aanvraag (budget lines, co-funding, volunteers, planned\n"
	  "period) and the decision condition by condition, from the round's signed events.\n") },
	{ "initiative", "contact", cmd_initiative_contact, "ROUND/NR",
	  N_("The proposer's contact details, for organisers only. Signed.\n") },
	{ "initiative", "forget-contact", cmd_initiative_forget_contact, "ROUND/NR",
	  N_("Erase the proposer's contact details for good (the proposer asked, AVG): they\n"
	  "cannot be read back by anyone afterwards. The initiative, its decision and the\n"
	  "votes stay as they are. The daemon notes when and by which organiser, never the\n"
	  "details. The daemon also erases them by itself `contact keep` days after the\n"
	  "round closed. Signed.\n") },
	{ "initiative", "admit", cmd_initiative_admit, "ROUND/NR",
	  N_("Admit an initiative to the vote. Signed.\n") },
	{ "initiative", "reject", cmd_initiative_reject, "ROUND/NR --reason R [--unmet N[,N…]]",
	  N_("Reject an initiative, saying which condition it does not meet. Signed.\n") },
	{ "initiative", "withdraw", cmd_initiative_withdraw, "ROUND/NR",
	  N_("Withdraw an initiative (its proposer asked). Signed.\n") },
	{ "initiative", "list", cmd_initiative_list, "ROUND",
	  N_("List a round's initiatives with proposer, category and reasons.\n") },
	{ "conditions", "set", cmd_conditions_set, "VILLAGE FILE",
	  N_("Set a new version of the village's conditions (voorwaarden) for initiatives:\n"
	  "FILE holds one condition per line (blank lines and lines starting with # are\n"
	  "skipped; a leading \"3.\" is the number and is dropped). Signed.\n") },
	{ "conditions", "show", cmd_conditions_show, "VILLAGE [--version N]",
	  N_("Show the village's conditions, numbered: the latest version, or version N.\n") },
	{ "credentials", "register", cmd_credentials_register, "ROUND FILE",
	  N_("Register the credentials file from codes generate with the daemon (draft or\n"
	  "voting). Duplicates are refused. Signed.\n") },
	{ "credentials", "revoke", cmd_credentials_revoke, "ROUND CREDENTIAL|CODE",
	  N_("Revoke a credential (a lost or misused card), given as 64 hex digits or as the\n"
	  "card's code. A credential that has voted cannot be revoked. Signed.\n") },
	{ "kiosk", "enroll", cmd_kiosk_enroll, "VILLAGE PUBKEYFILE --name NAME",
	  N_("Enroll a kiosk (its key from dorpsstem keygen) for a village. Signed.\n") },
	{ "kiosk", "list", cmd_kiosk_list, "[VILLAGE]",
	  N_("List the enrolled kiosks.\n") },
	{ "kiosk", "retire", cmd_kiosk_retire, "ID",
	  N_("Retire a kiosk: it can no longer log in; its ballots stay. Signed.\n") },
	{ "kiosk", NULL, cmd_kiosk, "[VILLAGE] [-d [--log FILE]] [--quit-code CODE] [--site ADDRESS]",
	  N_("The full-screen voting terminal for the dorpshuis (docs/kiosk.md), with the kiosk\n"
	  "key from -k (or $DORPSSTEM_KIOSK_KEY). Votes in the village's round that is open.\n"
	  "  -d, --log FILE        debug lines for the organiser (never voter data) on\n"
	  "                        standard error, or appended to FILE\n"
	  "  --quit-code CODE      what the organiser types after Ctrl-C to stop the kiosk\n"
	  "                        (default: the first 8 hex digits of the kiosk's public key)\n"
	  "  --site ADDRESS        the village's web site (like stem.kantens.nl): the thanks\n"
	  "                        and closed screens say the receipt and result are there\n") },
	{ "vote", NULL, cmd_vote,
	  "ROUND --code CODE --choose NR[,NR…] [--points N,…] [--receipt-file FILE]",
	  N_("The scripted kiosk (for tests and trials): with the kiosk key from -k, derive the\n"
	  "voter's key from the code, build and check the ballot, sign it twice, send it, and\n"
	  "print the receipt code. --code - reads the code from standard input. For ordinal\n"
	  "ballots --choose is the order of preference; cumulative ballots need --points.\n"
	  "NR is the initiative's number in the round, as the kiosk and the result show it.\n") },
	{ "codes", "generate", cmd_codes_generate,
	  "ROUND -n N --cards FILE --credentials FILE [options]",
	  N_("Offline: make N voting codes for a round. The codes go only onto printable cards\n"
	  "(FILE.html, or FILE.pdf), their credentials into a sorted credentials file for\n"
	  "the daemon. Neither file may exist yet.\n"
	  "  --village NAME        on the cards (default: from the daemon, if reachable)\n"
	  "  --round-name NAME     on the cards (default: from the daemon, if reachable)\n"
	  "  --where TEXT          where to vote (default: het dorpshuis)\n"
	  "  --until TEXT          until when, like \"zaterdag 31 mei\" (default: the\n"
	  "                        round's closing time from the daemon)\n"
	  "  --fingerprint F       the round fingerprint to print (default: from the daemon,\n"
	  "                        if it is asked for names; check it against your own)\n"
	  "  --site ADDRESS        the village's web site, where the result and the receipt\n"
	  "                        check will be (like stem.kantens.nl)\n"
	  "  --help-line TEXT      who to ask, like \"Anke de Vries, 0596 123 456\"\n") },
	{ "codes", "check", cmd_codes_check, "ROUND CODE --credentials FILE",
	  N_("Offline: is this card's credential in the credentials file? Exit 0 if so, 1 if\n"
	  "not. CODE - reads the code from standard input.\n") },
	{ "result", NULL, cmd_result, "ROUND [--csv FILE] [--html FILE]",
	  N_("The result of a tallied round: per initiative its votes (with a bar), whether it\n"
	  "is funded and why, the totals, and an explanation in plain words.\n"
	  "  --csv FILE            also write the table as CSV (;-separated)\n"
	  "  --html FILE           also write a page to publish: table with bars, explanation\n") },
	{ "overview", NULL, cmd_overview,
	  "VILLAGE|--all --year YYYY [--csv FILE] [--html FILE] [--inhabitants FILE]"
	  " [--date D]",
	  N_("The jaaroverzicht: per village and for the whole municipality, the budget, what\n"
	  "was requested, admitted, rejected (and which conditions failed most), funded, the\n"
	  "turnout, initiatives by category, and indicators beside last year's. A round\n"
	  "counts in the year in which it closed.\n"
	  "  --all                 every village, and the municipality's total\n"
	  "  --year YYYY           the year (required)\n"
	  "  --csv FILE            also write the figures as CSV (;-separated, for Excel)\n"
	  "  --html FILE           also write a page with charts, to print on A4\n"
	  "Turnout per inhabitant uses the figures set with village inhabitants.\n"
	  "  --inhabitants FILE    lines village;year;inhabitants: for the villages the file\n"
	  "                        names, these figures instead of the ones set (a figure\n"
	  "                        not yet set, or a what-if)\n"
	  "  --date D              judge what is overdue on day D (YYYY-MM-DD), not today\n") },
	{ "spending", "due", cmd_spending_due, "ROUND --date D",
	  N_("Set the date by which the funded initiatives of a counted round account for\n"
	  "their grant (the verantwoording). D is YYYY-MM-DD or DD-MM-YYYY. Signed.\n") },
	{ "spending", "pay", cmd_spending_pay, "ROUND/NR --amount EUR --date D",
	  N_("Record a payment to a funded initiative. Together the payments may not exceed\n"
	  "the grant, unless an overspend decision allows more. Signed.\n") },
	{ "spending", "add", cmd_spending_add,
	  "ROUND/NR --amount EUR --date D --what TEXT [--line N] [--document FILE]",
	  N_("Record a line of the verantwoording: what the initiative spent, when and on\n"
	  "what. Signed.\n"
	  "  --line N              the budget line of the aanvraag it belongs to\n"
	  "  --document FILE       the receipt or invoice (at most 768 KiB): sent to the\n"
	  "                        daemon, kept there, named in the ledger by its SHA-256\n") },
	{ "spending", "overspend", cmd_spending_overspend,
	  "ROUND/NR --amount EUR --reason TEXT",
	  N_("Decide that an initiative may be paid this much above its grant, and why.\n"
	  "Signed.\n") },
	{ "spending", "close", cmd_spending_close,
	  "ROUND/NR --summary TEXT [--returned EUR] [--achieved TEXT] [--participants N]",
	  N_("Close the accounts of an initiative: paid, spent and returned (= paid - spent)\n"
	  "are signed as they stand; nothing can be added afterwards. Signed.\n"
	  "  --returned EUR        what the initiative paid back (checked: paid - spent)\n"
	  "  --achieved TEXT       what was achieved\n"
	  "  --participants N      how many took part\n") },
	{ "spending", "list", cmd_spending_list, "[VILLAGE] [--date D]",
	  N_("Per counted round and funded initiative: granted, paid, spent, returned, due\n"
	  "date and state; then the initiatives whose accounts are overdue.\n"
	  "  --date D              judge \"overdue\" on day D (default: today, local time):\n"
	  "                        not closed and D is after the due date\n") },
	{ "spending", "show", cmd_spending_show, "ROUND/NR [--date D]",
	  N_("One funded initiative's accounts: the grant, every payment, accounting line\n"
	  "(with its document's SHA-256), overspend decision and the close.\n"
	  "  --date D              judge \"overdue\" on day D (default: today, local time)\n") },
	{ "spending", "document", cmd_spending_document, "HASH [--out FILE]",
	  N_("Fetch a receipt or invoice that an accounting line names by its SHA-256 (as\n"
	  "spending show prints it). Organisers only: documents may name people and are not\n"
	  "published. The bytes are checked against HASH before they are written.\n"
	  "  --out FILE            write it to FILE (a new file, mode 0600); else to stdout\n") },
	{ "pabulib", "export", cmd_pabulib_export, "ROUND -o FILE.pb",
	  N_("Write a closed round as a pabulib file: its admitted initiatives and every ballot,\n"
	  "in ballot-hash order, without times — what the daemon counted, for any tool.\n") },
	{ "audit", "bundle", cmd_audit_bundle, "ROUND -o DIR",
	  N_("Write the public audit bundle of a counted round into the new directory DIR:\n"
	  "round, initiatives, keys, credentials with status, ballots sorted by hash without\n"
	  "times, checkpoints, close and result statements, pabulib file (docs/audit.md).\n") },
	{ "audit", "ledger", cmd_audit_ledger, "ROUND -o FILE",
	  N_("Write the round's whole ledger, in order and with times, for the village's audit\n"
	  "committee (not for publication). Signed.\n") },
	{ "audit", "verify", cmd_audit_verify,
	  "DIR [--fingerprint F] [--organisers FILE] [--ledger FILE] [--checkpoints FILE]\n"
	  "    [--daemon-key HEX|FILE] [--threads N]",
	  N_("Offline: check a bundle: who signed what, every signature, credential, kiosk and\n"
	  "ballot rule, the close hash, the recount, the pabulib file; with --ledger the whole\n"
	  "chain; with --checkpoints the checkpoints you kept. --fingerprint (from the code\n"
	  "card or the result) or --organisers pins the keys the verdict rests on. One line\n"
	  "per check; exit 0 only if all hold.\n") },
	{ "audit", "receipt", cmd_audit_receipt, "DIR [RECEIPT] [--receipt-file FILE]",
	  N_("Offline: is the ballot of this receipt code in the bundle? With the file that\n"
	  "vote --receipt-file wrote, also check the daemon's signature on it: a signed\n"
	  "receipt for a missing ballot is proof. Exit 0 if the ballot is there.\n") },
	{ "pabulib", NULL, NULL, "tally|check FILE.pb …",
	  N_("Offline: tally or check a pabulib file (see: dorpsstem pabulib --help).\n") },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void
usage_line(FILE *f, const struct command *c)
{
	fprintf(f, "  %s%s%s%s%s\n", c->word, c->sub ? " " : "", c->sub ? c->sub : "",
	    *c->args ? " " : "", c->args);
}

static void
usage(FILE *f)
{
	size_t i;

	fputs(_("usage: dorpsstem [-s socket | -H host:port] [-k keyfile] [-j] "
	    "[--fingerprint SHA256:HEX]\n                 [--lang nl|en] COMMAND ...\n"
	    "commands:\n"), f);
	for (i = 0; i < NCOMMANDS; i++)
		usage_line(f, &commands[i]);
	fprintf(f, "%s", _("`dorpsstem COMMAND --help` explains one command; docs/cli.md "
	    "explains them all.\n"));
}

static void
command_help(FILE *f, const struct command *c)
{
	fprintf(f, _("usage: dorpsstem [-j] %s%s%s%s%s\n"), c->word, c->sub ? " " : "",
	    c->sub ? c->sub : "", *c->args ? " " : "", c->args);
	fputs(_(c->help), f);
}

/* Prints the usage of every command starting with word; 0 if there is none. */
static int
group_usage(FILE *f, const char *word)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].word, word) == 0) {
			if (n++ == 0)
				fprintf(f, "%s", _("usage:\n"));
			usage_line(f, &commands[i]);
		}
	return n;
}

static int
group_size(const char *word)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < NCOMMANDS; i++)
		n += strcmp(commands[i].word, word) == 0;
	return n;
}

/* Finds the command named by argv[0] (and argv[1]); *nwords says how many it took. */
static const struct command *
command_find(int argc, char *argv[], int *nwords)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].word, argv[0]) != 0)
			continue;
		if (commands[i].sub == NULL) {
			*nwords = 1;
			return &commands[i];
		}
		if (argc > 1 && strcmp(commands[i].sub, argv[1]) == 0) {
			*nwords = 2;
			return &commands[i];
		}
	}
	return NULL;
}

/* Takes the global options -j/--json out of a command's arguments too (users put it at
 * the end); stops at "--". Returns the new argc. */
static int
take_json(int argc, char *argv[], int *json)
{
	int i, n = 0, end = 0;

	for (i = 0; i < argc; i++) {
		if (!end && strcmp(argv[i], "--") == 0)
			end = 1;
		if (!end && (strcmp(argv[i], "-j") == 0 || strcmp(argv[i], "--json") == 0)) {
			*json = 1;
			continue;
		}
		argv[n++] = argv[i];
	}
	return n;
}

static int
wants_help(int argc, char *argv[])
{
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* The value of the global option --lang (or --lang=…), looked for before anything is
 * said; NULL if not given. The main loop skips it. */
static const char *
lang_option(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][1] == '\0' || strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
		if (strcmp(argv[i], "--lang") == 0)
			return i + 1 < argc ? argv[i + 1] : "";
		if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "-H") == 0 ||
		    strcmp(argv[i], "-k") == 0 || strcmp(argv[i], "--fingerprint") == 0)
			i++;
	}
	return NULL;
}

int
main(int argc, char *argv[])
{
	const struct command	*cmd;
	struct cli		 c;
	char			 name[64];
	const char		*a;
	int			 i, nwords, rc, lang;

	memset(&c, 0, sizeof(c));
	lang = i18n_choose(lang_option(argc, argv));
	(void)i18n_init(lang == I18N_EN ? I18N_EN : I18N_NL);
	if (lang == -1)
		return cli_fail("%s", _("--lang wants nl or en (and DORPSSTEM_LANG too)"));
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("dorpsstem %s\n", DORPSSTEM_VERSION);
			return 0;
		}
		if (strcmp(a, "-j") == 0 || strcmp(a, "--json") == 0) {
			c.json = 1;
			continue;
		}
		if (strncmp(a, "--lang=", 7) == 0)
			continue;
		if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
			i++;
			continue;
		}
		if (strncmp(a, "--fingerprint=", 14) == 0) {
			c.fingerprint = a + 14;
			continue;
		}
		if (strcmp(a, "-s") != 0 && strcmp(a, "-H") != 0 && strcmp(a, "-k") != 0 &&
		    strcmp(a, "--fingerprint") != 0)
			return cli_fail(_("unknown option %s (see: dorpsstem help)"), a);
		if (i + 1 == argc)
			return cli_fail(_("%s needs a value (see: dorpsstem help)"), a);
		if (a[1] == 's')
			c.socket = argv[++i];
		else if (a[1] == 'H')
			c.host = argv[++i];
		else if (a[1] == 'k')
			c.keyfile = argv[++i];
		else
			c.fingerprint = argv[++i];
	}
	if (c.socket && c.host)
		return cli_fail("%s", _("-s (local socket) and -H (TLS) exclude each other"));
	if (i == argc) {
		usage(stderr);
		return 1;
	}
	argc -= i;
	argv += i;
	if (strcmp(argv[0], "help") == 0) {
		if (argc == 1)
			usage(stdout);
		else if ((cmd = command_find(argc - 1, argv + 1, &nwords)) != NULL) {
			command_help(stdout, cmd);
			/* "help kiosk": the kiosk command, and also its enroll/list/retire. */
			if (argc == 2 && cmd->sub == NULL && group_size(argv[1]) > 1) {
				putchar('\n');
				(void)group_usage(stdout, argv[1]);
			}
		} else if (!group_usage(stdout, argv[1]))
			return cli_fail(_("no command %s (see: dorpsstem help)"), argv[1]);
		return 0;
	}
	/* The offline pabulib tools parse their own arguments. */
	if (strcmp(argv[0], "pabulib") == 0 && !(argc > 1 && strcmp(argv[1], "export") == 0))
		return pabulib_main(argc - 1, argv + 1, c.json);
	if ((cmd = command_find(argc, argv, &nwords)) == NULL) {
		/* "round --help": the group's usage is what was asked for. */
		if (argc > 1 && wants_help(argc - 1, argv + 1) && group_usage(stdout, argv[0]))
			return 0;
		if (argc > 1 && group_usage(stderr, argv[0]))
			return cli_fail(_("%s: no subcommand %s"), argv[0], argv[1]);
		if (group_usage(stderr, argv[0]))
			return 1;
		return cli_fail(_("no command %s (see: dorpsstem help)"), argv[0]);
	}
	snprintf(name, sizeof(name), "%s%s%s", cmd->word, cmd->sub ? " " : "",
	    cmd->sub ? cmd->sub : "");
	c.cmd = name;
	argc = take_json(argc - nwords, argv + nwords, &c.json);
	argv += nwords;
	if (wants_help(argc, argv)) {
		command_help(stdout, cmd);
		return 0;
	}
	c.out = c.json ? &output_json : &output_text;
	c.home = client_home();
	signal(SIGPIPE, SIG_IGN);	/* a dead daemon is an error reply, not a signal */
	if (sodium_init() < 0)
		return cli_fail("%s", _("cannot initialise libsodium"));
	rc = cmd->fn(&c, argc, argv);
	if (c.connected)
		conn_close(&c.conn);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_fail("%s", _("cannot write the output"));
	return rc;
}
