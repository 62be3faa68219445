/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kiosk_text.c — every sentence a voter reads on the kiosk, one table per language, so a
 * translation (or a better Dutch word) is one edit here. Texts with printf conversions
 * list them in kiosk.h; both languages must take the same conversions in the same order.
 * Short, plain words: many voters are older and not technical.
 */
#include <stddef.h>

#include "kiosk.h"

static const char *const text_nl[KT_COUNT] = {
	[KT_LANG_KEY]		= "Tab: English",
	[KT_STEP]		= "Stap %d van %d",
	[KT_STEP_CODE]		= "Code",
	[KT_STEP_CHOOSE]	= "Kiezen",
	[KT_STEP_REVIEW]	= "Controleren",
	[KT_STEP_THANKS]	= "Bedankt",
	[KT_WELCOME]		= "Welkom",
	[KT_ROUND_OF]		= "%s in %s",
	[KT_CLOSES]		= "De stemming sluit op %s om %s.",
	[KT_CLOSES_NOTIME]	= "De stemming is open.",
	[KT_BUDGET]		= "Er is %s te verdelen over %u plannen.",
	[KT_TYPE_CODE]		= "Typ uw stemcode om te beginnen",
	[KT_WELCOME_HINT]	= "De code staat op de kaart die u thuis kreeg.",
	[KT_CODE_TITLE]		= "Typ de stemcode van uw kaart",
	[KT_CODE_HELP]		= "Hoofdletters of kleine letters: het maakt niet uit.",
	[KT_CODE_HELP2]		= "De streepjes komen vanzelf. Een O is een 0, een I of L is een 1.",
	[KT_CODE_BAD_SYMBOL]	= "Het teken %s staat niet in stemcodes.",
	[KT_CODE_U]		= "De letter U staat niet in stemcodes. Kijk nog eens naar uw kaart.",
	[KT_CODE_SHORT]		= "Een stemcode heeft 17 tekens; u heeft er %d getypt.",
	[KT_CODE_CHECK]		= "Deze code klopt niet — kijk nog eens naar uw kaart.",
	[KT_CODE_FOOTER]	= "Enter ↵: verder   Backspace ←: teken weg   2× Esc: opnieuw",
	[KT_RULE_APPROVAL]	= "Kies de plannen die u steunt.",
	[KT_RULE_KNAPSACK]	= "Kies plannen die samen niet meer kosten dan %s.",
	[KT_RULE_CUMULATIVE]	= "Verdeel %u punten over de plannen die u steunt.",
	[KT_RULE_ORDINAL]	= "Kies de plannen in volgorde: eerst wat u het belangrijkst vindt.",
	[KT_RULE_MIN]		= "Kies er minstens %u.",
	[KT_RULE_MAX]		= "Kies er hoogstens %u.",
	[KT_RULE_MAXPTS]	= "Hoogstens %u punten per plan.",
	[KT_TOTAL_KNAPSACK]	= "Gekozen: %s van %s",
	[KT_LEFT]		= "Nog %s over",
	[KT_TOTAL_COUNT]	= "Gekozen: %u",
	[KT_TOTAL_POINTS]	= "Punten gegeven: %u van %u — nog %u over",
	[KT_NOFIT]		= "past niet",
	[KT_RANK]		= "%ue",
	[KT_POINTS_ABBR]	= "%u pt",
	[KT_REFUSE_NOFIT]	= "Dit past niet meer: het kost %s en er is nog %s over.",
	[KT_REFUSE_MAX]		= "U kunt er hoogstens %u kiezen. Haal eerst een ander weg.",
	[KT_REFUSE_NOPOINTS]	= "Uw punten zijn op. Haal eerst ergens een punt weg (−).",
	[KT_REFUSE_MAXPTS]	= "Hoogstens %u punten per plan.",
	[KT_REFUSE_MIN]		= "Kies er minstens %u.",
	[KT_REFUSE_EMPTY]	= "Kies eerst minstens één plan.",
	[KT_CHOOSE_FOOTER_TOGGLE] = "Cijfer: kiezen   Pijltjes ↑ ↓: ander plan   i: uitleg   Tab ⇥: klaar",
	[KT_CHOOSE_FOOTER_POINTS] = "+: punt erbij   −: punt eraf   Pijltjes ↑ ↓: ander plan   Tab ⇥: klaar",
	[KT_CHOOSE_FOOTER_JUMP]	= "Cijfers: naar plan   Spatie: kiezen   Pijltjes ↑ ↓   Tab ⇥: klaar",
	[KT_CONTINUE_ROW]	= "Klaar? Verder naar controleren  ›",
	[KT_DETAIL_COST]	= "Kosten",
	[KT_DETAIL_PROPOSER]	= "Ingediend door",
	[KT_DETAIL_CATEGORY]	= "Soort",
	[KT_DETAIL_CHOSEN]	= "U heeft dit plan gekozen.",
	[KT_DETAIL_NOTCHOSEN]	= "U heeft dit plan niet gekozen.",
	[KT_DETAIL_FOOTER]	= "Spatie: kiezen   ← of Esc: terug naar de lijst",
	[KT_REVIEW_TITLE]	= "Controleer uw keuze",
	[KT_REVIEW_TOTAL]	= "Samen: %s",
	[KT_REVIEW_POINTS]	= "Samen: %u punten",
	[KT_REVIEW_QUESTION]	= "Klopt dit?",
	[KT_REVIEW_FOOTER]	= "J of Enter: ja, stem uitbrengen      N of Backspace: nee, terug",
	[KT_SENDING]		= "Uw stem wordt verstuurd. Een ogenblik…",
	[KT_SENDING_RETRY]	= "De verbinding is even weg. Uw stem is nog niet bevestigd; "
				  "de stemcomputer probeert het opnieuw. Een ogenblik…",
	[KT_SENDING_CHECK]	= "De stemcomputer kijkt na of uw stem is aangekomen…",
	[KT_THANKS]		= "Dank u wel! Uw stem is uitgebracht.",
	[KT_RECEIPT]		= "Uw stembewijs:",
	[KT_RECEIPT_HOW]	= "Schrijf deze code op of maak er een foto van. Na de stemming kunt u "
				  "er bij de organisatie mee nagaan dat uw stem is meegeteld. Laat hem "
				  "niemand anders zien.",
	[KT_THANKS_FOOTER]	= "Druk op een toets om af te sluiten",
	[KT_REFUSED_UNKNOWN]	= "Deze code hoort niet bij deze stemming. Kijk nog eens naar uw kaart.",
	[KT_REFUSED_USED]	= "Met deze code is al gestemd.",
	[KT_REFUSED_REVOKED]	= "Deze code is ingetrokken. Vraag bij de organisatie een nieuwe kaart.",
	[KT_REFUSED_OTHER]	= "Uw stem kon niet worden uitgebracht.",
	[KT_REFUSED_FOOTER]	= "Druk op een toets om opnieuw te beginnen",
	[KT_NOT_CAST]		= "Uw stem is niet uitgebracht.",
	[KT_CLOSED]		= "De stemming is gesloten.",
	[KT_CLOSED_FOOTER]	= "Druk op een toets",
	[KT_UNREACHABLE]	= "De stemcomputer is even niet bereikbaar. Een ogenblik…",
	[KT_UNREACHABLE_RETRY]	= "Opnieuw proberen over %d seconden.",
	[KT_NOT_ENROLLED]	= "Deze stemcomputer is niet aangemeld. Vraag de organisatie om hulp.",
	[KT_NOROUND]		= "Er is nu geen stemming in %s.",
	[KT_NOROUND_HINT]	= "Dit scherm kijkt elke paar seconden opnieuw.",
	[KT_IDLE_WARN]		= "Bent u er nog? Over %d seconden begint het scherm opnieuw.",
	[KT_IDLE_KEY]		= "Druk op een toets om verder te gaan.",
	[KT_RESTART_HINT]	= "Nog een keer Esc: alles wissen en opnieuw beginnen.",
	[KT_BAD_RECEIPT]	= "De bevestiging van de stemcomputer klopt niet. Meld dit bij de "
				  "organisatie.",
	[KT_QUIT_TITLE]		= "Stoppen — alleen voor de organisatie",
	[KT_QUIT_HELP]		= "Typ de stopcode en Enter. Esc: terug.",
	[KT_QUIT_PENDING]	= "Let op: er wordt nog een stem verstuurd.",
	[KT_QUIT_WRONG]		= "Dat is niet de stopcode.",
	[KT_TOO_SMALL]		= "Scherm te klein (minstens %d × %d)",
	[KT_RECEIPT_HOW_SITE]	= "Schrijf deze code op of maak er een foto van. Na de stemming kunt u "
				  "op %s nagaan dat uw stem is meegeteld. Laat hem niemand anders zien.",
	[KT_CLOSED_SITE]	= "De uitslag komt op %s.",
	[KT_REFUSED_USED_HINT]	= "Heeft u zelf nog niet gestemd? Ga dan met uw kaart naar de "
				  "organisatie.",
};

static const char *const text_en[KT_COUNT] = {
	[KT_LANG_KEY]		= "Tab: Nederlands",
	[KT_STEP]		= "Step %d of %d",
	[KT_STEP_CODE]		= "Code",
	[KT_STEP_CHOOSE]	= "Choose",
	[KT_STEP_REVIEW]	= "Check",
	[KT_STEP_THANKS]	= "Thank you",
	[KT_WELCOME]		= "Welcome",
	[KT_ROUND_OF]		= "%s in %s",
	[KT_CLOSES]		= "Voting closes on %s at %s.",
	[KT_CLOSES_NOTIME]	= "Voting is open.",
	[KT_BUDGET]		= "%s to share among %u plans.",
	[KT_TYPE_CODE]		= "Type your voting code to begin",
	[KT_WELCOME_HINT]	= "The code is on the card you received at home.",
	[KT_CODE_TITLE]		= "Type the voting code on your card",
	[KT_CODE_HELP]		= "Capitals or small letters: it does not matter.",
	[KT_CODE_HELP2]		= "The dashes appear by themselves. An O is a 0, an I or L is a 1.",
	[KT_CODE_BAD_SYMBOL]	= "The character %s is not used in voting codes.",
	[KT_CODE_U]		= "The letter U is not used in voting codes. Please look at your card again.",
	[KT_CODE_SHORT]		= "A voting code has 17 characters; you typed %d.",
	[KT_CODE_CHECK]		= "This code is not right — please look at your card again.",
	[KT_CODE_FOOTER]	= "Enter ↵: continue   Backspace ←: erase   2× Esc: start again",
	[KT_RULE_APPROVAL]	= "Choose the plans you support.",
	[KT_RULE_KNAPSACK]	= "Choose plans that together cost no more than %s.",
	[KT_RULE_CUMULATIVE]	= "Share %u points among the plans you support.",
	[KT_RULE_ORDINAL]	= "Choose plans in order: the most important first.",
	[KT_RULE_MIN]		= "Choose at least %u.",
	[KT_RULE_MAX]		= "Choose at most %u.",
	[KT_RULE_MAXPTS]	= "At most %u points per plan.",
	[KT_TOTAL_KNAPSACK]	= "Chosen: %s of %s",
	[KT_LEFT]		= "%s left",
	[KT_TOTAL_COUNT]	= "Chosen: %u",
	[KT_TOTAL_POINTS]	= "Points given: %u of %u — %u left",
	[KT_NOFIT]		= "does not fit",
	[KT_RANK]		= "#%u",
	[KT_POINTS_ABBR]	= "%u pt",
	[KT_REFUSE_NOFIT]	= "This no longer fits: it costs %s and %s is left.",
	[KT_REFUSE_MAX]		= "You can choose at most %u. Remove another one first.",
	[KT_REFUSE_NOPOINTS]	= "You have no points left. Take a point away somewhere first (−).",
	[KT_REFUSE_MAXPTS]	= "At most %u points per plan.",
	[KT_REFUSE_MIN]		= "Choose at least %u.",
	[KT_REFUSE_EMPTY]	= "Choose at least one plan first.",
	[KT_CHOOSE_FOOTER_TOGGLE] = "Number: choose   Arrows ↑ ↓: other plan   i: more   Tab ⇥: done",
	[KT_CHOOSE_FOOTER_POINTS] = "+: add a point   −: take one off   Arrows ↑ ↓: other plan   Tab ⇥: done",
	[KT_CHOOSE_FOOTER_JUMP]	= "Numbers: go to plan   Space: choose   Arrows ↑ ↓   Tab ⇥: done",
	[KT_CONTINUE_ROW]	= "Done? Continue to check  ›",
	[KT_DETAIL_COST]	= "Cost",
	[KT_DETAIL_PROPOSER]	= "Proposed by",
	[KT_DETAIL_CATEGORY]	= "Kind",
	[KT_DETAIL_CHOSEN]	= "You have chosen this plan.",
	[KT_DETAIL_NOTCHOSEN]	= "You have not chosen this plan.",
	[KT_DETAIL_FOOTER]	= "Space: choose   ← or Esc: back to the list",
	[KT_REVIEW_TITLE]	= "Check your choice",
	[KT_REVIEW_TOTAL]	= "Together: %s",
	[KT_REVIEW_POINTS]	= "Together: %u points",
	[KT_REVIEW_QUESTION]	= "Is this right?",
	[KT_REVIEW_FOOTER]	= "Y or Enter: yes, cast my vote      N or Backspace: no, go back",
	[KT_SENDING]		= "Your vote is being sent. One moment…",
	[KT_SENDING_RETRY]	= "The connection is gone for a moment. Your vote is not confirmed yet; "
				  "the voting computer tries again. One moment…",
	[KT_SENDING_CHECK]	= "The voting computer checks whether your vote arrived…",
	[KT_THANKS]		= "Thank you! Your vote has been cast.",
	[KT_RECEIPT]		= "Your receipt:",
	[KT_RECEIPT_HOW]	= "Write this code down or take a photo of it. After the vote the "
				  "organisers can show you with it that your vote was counted. Show it "
				  "to no one else.",
	[KT_THANKS_FOOTER]	= "Press a key to finish",
	[KT_REFUSED_UNKNOWN]	= "This code does not belong to this vote. Please look at your card again.",
	[KT_REFUSED_USED]	= "This code has already been used to vote.",
	[KT_REFUSED_REVOKED]	= "This code has been withdrawn. Ask the organisers for a new card.",
	[KT_REFUSED_OTHER]	= "Your vote could not be cast.",
	[KT_REFUSED_FOOTER]	= "Press a key to start again",
	[KT_NOT_CAST]		= "Your vote has not been cast.",
	[KT_CLOSED]		= "Voting has closed.",
	[KT_CLOSED_FOOTER]	= "Press a key",
	[KT_UNREACHABLE]	= "The voting computer cannot be reached just now. One moment…",
	[KT_UNREACHABLE_RETRY]	= "Trying again in %d seconds.",
	[KT_NOT_ENROLLED]	= "This voting computer is not enrolled. Please ask the organisers.",
	[KT_NOROUND]		= "There is no vote in %s just now.",
	[KT_NOROUND_HINT]	= "This screen looks again every few seconds.",
	[KT_IDLE_WARN]		= "Are you still there? The screen starts again in %d seconds.",
	[KT_IDLE_KEY]		= "Press a key to go on.",
	[KT_RESTART_HINT]	= "Esc once more: erase everything and start again.",
	[KT_BAD_RECEIPT]	= "The voting computer's confirmation is not right. Please tell the "
				  "organisers.",
	[KT_QUIT_TITLE]		= "Stop — for the organisers only",
	[KT_QUIT_HELP]		= "Type the stop code and Enter. Esc: back.",
	[KT_QUIT_PENDING]	= "Note: a vote is still being sent.",
	[KT_QUIT_WRONG]		= "That is not the stop code.",
	[KT_TOO_SMALL]		= "Screen too small (at least %d × %d)",
	[KT_RECEIPT_HOW_SITE]	= "Write this code down or take a photo of it. After the vote you can "
				  "check at %s that your vote was counted. Show it to no one else.",
	[KT_CLOSED_SITE]	= "The result will be at %s.",
	[KT_REFUSED_USED_HINT]	= "Have you not voted yourself? Then please take your card to the "
				  "organisers.",
};

static const char *const *const tables[LANG_COUNT] = { text_nl, text_en };

static const char *const weekdays[LANG_COUNT][7] = {
	{ "zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag" },
	{ "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
};

static const char *const months[LANG_COUNT][12] = {
	{ "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	  "september", "oktober", "november", "december" },
	{ "January", "February", "March", "April", "May", "June", "July", "August",
	  "September", "October", "November", "December" },
};

const char *
kiosk_text(enum kiosk_lang l, enum kiosk_text t)
{
	const char *s;

	if ((unsigned)t >= KT_COUNT)
		return "";
	if ((unsigned)l >= LANG_COUNT)
		l = LANG_NL;
	/* A missing translation falls back to Dutch rather than to nothing. */
	if ((s = tables[l][t]) == NULL && (s = text_nl[t]) == NULL)
		s = "";
	return s;
}

const char *
kiosk_weekday(enum kiosk_lang l, int wday)
{
	return wday >= 0 && wday < 7 ? weekdays[l == LANG_EN][wday] : "";
}

const char *
kiosk_month(enum kiosk_lang l, int mon)
{
	return mon >= 0 && mon < 12 ? months[l == LANG_EN][mon] : "";
}

int
kiosk_text_check(void)
{
	int l, t;

	for (l = 0; l < LANG_COUNT; l++)
		for (t = 0; t < KT_COUNT; t++)
			if (tables[l][t] == NULL)
				return -1;
	return 0;
}
