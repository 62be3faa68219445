/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * msg.c — the schemas (field order is wire order: changing one is a protocol change, see
 * docs/protocol.md) and the message table.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "msg.h"

#define F(S, name, type, max)	{ #name, type, offsetof(struct S, name), max, NULL, NULL }
#define FE(S, name, fn, max)	{ #name, WF_U8, offsetof(struct S, name), max, NULL, fn }
#define L(S, name, max, elem)	{ #name, WF_LIST, offsetof(struct S, name), max, &(elem), NULL }
#define SCHEMA(var, S, fields)	\
	const struct wire_schema var = { #S, fields, sizeof(fields) / sizeof(fields[0]), sizeof(struct S) }

static const struct wire_field hello_f[] = {
	F(hello, min_version, WF_U16, 0),
	F(hello, max_version, WF_U16, 0),
	F(hello, software, WF_STR, 100),
};
SCHEMA(schema_hello, hello, hello_f);

static const struct wire_field welcome_f[] = {
	F(welcome, version, WF_U16, 0),
	F(welcome, software, WF_STR, 100),
	F(welcome, daemon_key, WF_B32, 0),
};
SCHEMA(schema_welcome, welcome, welcome_f);

static const struct wire_field status_f[] = {
	F(status, software, WF_STR, 100),
	F(status, version, WF_U16, 0),
	F(status, schema, WF_U32, 0),
	F(status, started, WF_I64, 0),
	F(status, daemon_key, WF_B32, 0),
	F(status, tls_fingerprint, WF_STR, 200),
	F(status, villages, WF_U32, 0),
	F(status, rounds, WF_U32, 0),
	F(status, connections, WF_U32, 0),
	F(status, ballots, WF_U64, 0),
	F(status, commits, WF_U64, 0),
};
SCHEMA(schema_status, status, status_f);

static const struct wire_field ref_f[] = {
	F(ref, id, WF_U32, 0),
};
SCHEMA(schema_ref, ref, ref_f);

static const struct wire_field done_f[] = {
	F(done, id, WF_U32, 0),
	F(done, event, WF_U64, 0),
};
SCHEMA(schema_done, done, done_f);

static const struct wire_field error_f[] = {
	F(msg_error, code, WF_U16, 0),
	F(msg_error, field, WF_STR, 100),
	F(msg_error, message, WF_STR, 1000),
};
SCHEMA(schema_error, msg_error, error_f);

static const struct wire_field village_f[] = {
	F(village, id, WF_U32, 0),
	F(village, name, WF_STR, NAME_MAX_BYTES),
	F(village, created, WF_I64, 0),
};
SCHEMA(schema_village, village, village_f);

static const struct wire_field village_add_f[] = {
	F(village, name, WF_STR, NAME_MAX_BYTES),
};
SCHEMA(schema_village_add, village, village_add_f);

static const struct wire_field round_f[] = {
	F(round, id, WF_U32, 0),
	F(round, village, WF_U32, 0),
	F(round, name, WF_STR, NAME_MAX_BYTES),
	FE(round, state, round_state_name, ROUND_STATE_MAX),
	FE(round, ballot, ballot_type_name, BALLOT_TYPE_MAX),
	F(round, budget, WF_U64, MONEY_MAX_CENTS),
	F(round, min_choices, WF_U32, 0),
	F(round, max_choices, WF_U32, 0),
	F(round, limit, WF_U64, MONEY_MAX_CENTS),
	F(round, points, WF_U32, 0),
	F(round, max_points, WF_U32, 0),
	F(round, rule, WF_STR, RULE_MAX_BYTES),
	F(round, tie_break, WF_STR, RULE_MAX_BYTES),
	F(round, opens, WF_I64, 0),
	F(round, closes, WF_I64, 0),
	F(round, created, WF_I64, 0),
	F(round, opened, WF_I64, 0),
	F(round, closed, WF_I64, 0),
	F(round, seed, WF_B32, 0),
};
SCHEMA(schema_round, round, round_f);

/* What an organiser sends to create a round: the settable subset, in the same order. */
static const struct wire_field round_create_f[] = {
	F(round, village, WF_U32, 0),
	F(round, name, WF_STR, NAME_MAX_BYTES),
	FE(round, ballot, ballot_type_name, BALLOT_TYPE_MAX),
	F(round, budget, WF_U64, MONEY_MAX_CENTS),
	F(round, min_choices, WF_U32, 0),
	F(round, max_choices, WF_U32, 0),
	F(round, limit, WF_U64, MONEY_MAX_CENTS),
	F(round, points, WF_U32, 0),
	F(round, max_points, WF_U32, 0),
	F(round, rule, WF_STR, RULE_MAX_BYTES),
	F(round, tie_break, WF_STR, RULE_MAX_BYTES),
	F(round, opens, WF_I64, 0),
	F(round, closes, WF_I64, 0),
};
SCHEMA(schema_round_create, round, round_create_f);

/* round-set: the round's id, then exactly what round-create carries. */
static const struct wire_field round_set_f[] = {
	F(round, id, WF_U32, 0),
	{ "settings", WF_RECORD, 0, 0, &schema_round_create, NULL },
};
SCHEMA(schema_round_set, round, round_set_f);

static const struct wire_field round_open_f[] = {
	F(round_open, id, WF_U32, 0),
	F(round_open, events, WF_U64, 0),
	F(round_open, head, WF_B32, 0),
	F(round_open, village_events, WF_U64, 0),
	F(round_open, village_head, WF_B32, 0),
};
SCHEMA(schema_round_open, round_open, round_open_f);

/* ROUND_CLOSE: the round and ledger 0's head it closes on (into struct round_open). */
static const struct wire_field round_close_f[] = {
	F(round_open, id, WF_U32, 0),
	F(round_open, village_events, WF_U64, 0),
	F(round_open, village_head, WF_B32, 0),
};
SCHEMA(schema_round_close, round_open, round_close_f);

static const struct wire_field round_filter_f[] = {
	F(round_filter, village, WF_U32, 0),
};
SCHEMA(schema_round_filter, round_filter, round_filter_f);

static const struct wire_field initiative_f[] = {
	F(initiative, id, WF_U32, 0),
	F(initiative, round, WF_U32, 0),
	F(initiative, title, WF_STR, NAME_MAX_BYTES),
	F(initiative, summary, WF_STR, SUMMARY_MAX_BYTES),
	F(initiative, cost, WF_U64, MONEY_MAX_CENTS),
	F(initiative, proposer, WF_STR, NAME_MAX_BYTES),
	F(initiative, category, WF_STR, NAME_MAX_BYTES),
	FE(initiative, status, initiative_status_name, INIT_STATUS_MAX),
	F(initiative, reason, WF_STR, REASON_MAX_BYTES),
	F(initiative, created, WF_I64, 0),
};
SCHEMA(schema_initiative, initiative, initiative_f);

static const struct wire_field initiative_add_f[] = {
	F(initiative, round, WF_U32, 0),
	F(initiative, title, WF_STR, NAME_MAX_BYTES),
	F(initiative, summary, WF_STR, SUMMARY_MAX_BYTES),
	F(initiative, cost, WF_U64, MONEY_MAX_CENTS),
	F(initiative, proposer, WF_STR, NAME_MAX_BYTES),
	F(initiative, category, WF_STR, NAME_MAX_BYTES),
};
SCHEMA(schema_initiative_add, initiative, initiative_add_f);

static const struct wire_field initiative_reject_f[] = {
	F(initiative, id, WF_U32, 0),
	F(initiative, reason, WF_STR, REASON_MAX_BYTES),
};
SCHEMA(schema_initiative_reject, initiative, initiative_reject_f);

#define LIST_MAX	100000

static const struct wire_field village_list_f[] = {
	L(village_list, items, LIST_MAX, schema_village),
};
SCHEMA(schema_village_list, village_list, village_list_f);

static const struct wire_field round_list_f[] = {
	L(round_list, items, LIST_MAX, schema_round),
};
SCHEMA(schema_round_list, round_list, round_list_f);

static const struct wire_field initiative_list_f[] = {
	L(initiative_list, items, LIST_MAX, schema_initiative),
};
SCHEMA(schema_initiative_list, initiative_list, initiative_list_f);

static const struct wire_field kiosk_count_f[] = {
	F(kiosk_count, kiosk, WF_U32, 0),
	F(kiosk_count, name, WF_STR, NAME_MAX_BYTES),
	F(kiosk_count, ballots, WF_U64, 0),
};
SCHEMA(schema_kiosk_count, kiosk_count, kiosk_count_f);

static const struct wire_field credential_key_f[] = {
	F(credential_key, key, WF_B32, 0),
};
SCHEMA(schema_credential_key, credential_key, credential_key_f);

static const struct wire_field credential_batch_f[] = {
	F(credential_batch, round, WF_U32, 0),
	L(credential_batch, keys, CREDENTIALS_PER_REQUEST, schema_credential_key),
};
SCHEMA(schema_credential_batch, credential_batch, credential_batch_f);

static const struct wire_field credential_f[] = {
	F(credential, round, WF_U32, 0),
	F(credential, key, WF_B32, 0),
	FE(credential, state, credential_state_name, CRED_STATE_MAX),
	F(credential, changed, WF_I64, 0),
};
SCHEMA(schema_credential, credential, credential_f);

static const struct wire_field credential_ref_f[] = {
	F(credential, round, WF_U32, 0),
	F(credential, key, WF_B32, 0),
};
SCHEMA(schema_credential_ref, credential, credential_ref_f);

static const struct wire_field kiosk_f[] = {
	F(kiosk, id, WF_U32, 0),
	F(kiosk, village, WF_U32, 0),
	F(kiosk, name, WF_STR, NAME_MAX_BYTES),
	F(kiosk, key, WF_B32, 0),
	FE(kiosk, state, kiosk_state_name, KIOSK_STATE_MAX),
	F(kiosk, enrolled, WF_I64, 0),
	F(kiosk, retired, WF_I64, 0),
};
SCHEMA(schema_kiosk, kiosk, kiosk_f);

static const struct wire_field kiosk_enroll_f[] = {
	F(kiosk, village, WF_U32, 0),
	F(kiosk, name, WF_STR, NAME_MAX_BYTES),
	F(kiosk, key, WF_B32, 0),
};
SCHEMA(schema_kiosk_enroll, kiosk, kiosk_enroll_f);

static const struct wire_field kiosk_list_f[] = {
	L(kiosk_list, items, LIST_MAX, schema_kiosk),
};
SCHEMA(schema_kiosk_list, kiosk_list, kiosk_list_f);

static const struct wire_field challenge_f[] = {
	F(challenge, nonce, WF_B32, 0),
};
SCHEMA(schema_challenge, challenge, challenge_f);

static const struct wire_field kiosk_login_f[] = {
	F(kiosk_login, key, WF_B32, 0),
	F(kiosk_login, sig, WF_B64, 0),
};
SCHEMA(schema_kiosk_login, kiosk_login, kiosk_login_f);

static const struct wire_field choice_f[] = {
	F(choice, initiative, WF_U32, 0),
	F(choice, value, WF_U32, 0),
};
SCHEMA(schema_choice, choice, choice_f);

#define CHOICES_MAX	1000

/* What the voter signs: the ballot without its signatures. */
static const struct wire_field ballot_body_f[] = {
	F(ballot, round, WF_U32, 0),
	F(ballot, kiosk, WF_U32, 0),
	F(ballot, credential, WF_B32, 0),
	L(ballot, choices, CHOICES_MAX, schema_choice),
	F(ballot, nonce, WF_B16, 0),
};
SCHEMA(schema_ballot_body, ballot, ballot_body_f);

static const struct wire_field ballot_f[] = {
	F(ballot, round, WF_U32, 0),
	F(ballot, kiosk, WF_U32, 0),
	F(ballot, credential, WF_B32, 0),
	L(ballot, choices, CHOICES_MAX, schema_choice),
	F(ballot, nonce, WF_B16, 0),
	F(ballot, voter_sig, WF_B64, 0),
	F(ballot, kiosk_sig, WF_B64, 0),
};
SCHEMA(schema_ballot, ballot, ballot_f);

static const struct wire_field receipt_f[] = {
	F(receipt, round, WF_U32, 0),
	F(receipt, hash, WF_B32, 0),
	F(receipt, code, WF_STR, 32),
	F(receipt, sig, WF_B64, 0),
};
SCHEMA(schema_receipt, receipt, receipt_f);

static const struct wire_field ballot_query_f[] = {
	F(ballot_query, round, WF_U32, 0),
	F(ballot_query, hash, WF_B32, 0),
};
SCHEMA(schema_ballot_query, ballot_query, ballot_query_f);

static const struct wire_field result_item_f[] = {
	F(result_item, initiative, WF_U32, 0),
	F(result_item, title, WF_STR, NAME_MAX_BYTES),
	F(result_item, cost, WF_U64, MONEY_MAX_CENTS),
	F(result_item, funded, WF_U8, 1),
	F(result_item, reason, WF_U8, 0),
	F(result_item, order, WF_U32, 0),
	F(result_item, supporters, WF_U64, 0),
	F(result_item, score, WF_I64, 0),
	F(result_item, price, WF_I64, 0),
	F(result_item, paid_full, WF_U64, 0),
	F(result_item, paid_all, WF_U64, 0),
	F(result_item, left, WF_I64, 0),
};
SCHEMA(schema_result_item, result_item, result_item_f);

static const struct wire_field result_f[] = {
	F(result, round, WF_U32, 0),
	F(result, rule, WF_STR, RULE_MAX_BYTES),
	F(result, tie_break, WF_STR, RULE_MAX_BYTES),
	F(result, seed, WF_B32, 0),
	F(result, budget, WF_U64, MONEY_MAX_CENTS),
	F(result, spent, WF_U64, MONEY_MAX_CENTS),
	F(result, unspent, WF_U64, MONEY_MAX_CENTS),
	F(result, ballots, WF_U64, 0),
	F(result, ballots_hash, WF_B32, 0),
	F(result, voter_budget, WF_I64, 0),
	F(result, add1_steps, WF_U32, 0),
	F(result, compared, WF_U8, 1),
	F(result, greedy_won, WF_U8, 1),
	F(result, prefer_mes, WF_U64, 0),
	F(result, prefer_greedy, WF_U64, 0),
	F(result, computed, WF_I64, 0),
	L(result, items, LIST_MAX, schema_result_item),
	F(result, explanation, WF_BLOB, FRAME_MAX / 2),
};
SCHEMA(schema_result, result, result_f);

static const struct wire_field ballot_page_req_f[] = {
	F(ballot_page_req, round, WF_U32, 0),
	F(ballot_page_req, after, WF_B32, 0),
	F(ballot_page_req, max, WF_U32, BALLOTS_PER_PAGE),
};
SCHEMA(schema_ballot_page_req, ballot_page_req, ballot_page_req_f);

static const struct wire_field ballot_page_f[] = {
	L(ballot_page, ballots, BALLOTS_PER_PAGE, schema_ballot),
	F(ballot_page, more, WF_U8, 1),
};
SCHEMA(schema_ballot_page, ballot_page, ballot_page_f);

static const struct wire_field checkpoint_f[] = {
	F(checkpoint, round, WF_U32, 0),
	F(checkpoint, events, WF_U64, 0),
	F(checkpoint, head, WF_B32, 0),
	F(checkpoint, ballots, WF_U64, 0),
	F(checkpoint, time, WF_I64, 0),
	F(checkpoint, sig, WF_B64, 0),
};
SCHEMA(schema_checkpoint, checkpoint, checkpoint_f);

static const struct wire_field close_statement_f[] = {
	F(close_statement, round, WF_U32, 0),
	F(close_statement, events, WF_U64, 0),
	F(close_statement, head, WF_B32, 0),
	F(close_statement, ballots, WF_U64, 0),
	F(close_statement, ballots_hash, WF_B32, 0),
	F(close_statement, closed, WF_I64, 0),
	F(close_statement, sig, WF_B64, 0),
};
SCHEMA(schema_close_statement, close_statement, close_statement_f);

static const struct wire_field result_entry_f[] = {
	F(result_entry, initiative, WF_U32, 0),
	F(result_entry, cost, WF_U64, MONEY_MAX_CENTS),
	F(result_entry, score, WF_I64, 0),
	F(result_entry, funded, WF_U8, 1),
	F(result_entry, order, WF_U32, 0),
};
SCHEMA(schema_result_entry, result_entry, result_entry_f);

static const struct wire_field result_statement_f[] = {
	F(result_statement, round, WF_U32, 0),
	F(result_statement, close_hash, WF_B32, 0),
	F(result_statement, rule, WF_STR, RULE_MAX_BYTES),
	F(result_statement, tie_break, WF_STR, RULE_MAX_BYTES),
	F(result_statement, seed, WF_B32, 0),
	F(result_statement, budget, WF_U64, MONEY_MAX_CENTS),
	F(result_statement, spent, WF_U64, MONEY_MAX_CENTS),
	F(result_statement, unspent, WF_U64, MONEY_MAX_CENTS),
	F(result_statement, ballots, WF_U64, 0),
	L(result_statement, items, LIST_MAX, schema_result_entry),
	F(result_statement, sig, WF_B64, 0),
};
SCHEMA(schema_result_statement, result_statement, result_statement_f);

static const struct wire_field event_page_req_f[] = {
	F(event_page_req, round, WF_U32, 0),
	F(event_page_req, after, WF_U64, 0),
	F(event_page_req, max, WF_U32, EVENTS_PER_PAGE),
};
SCHEMA(schema_event_page_req, event_page_req, event_page_req_f);

static const struct wire_field credential_page_req_f[] = {
	F(credential_page_req, round, WF_U32, 0),
	F(credential_page_req, after, WF_B32, 0),
	F(credential_page_req, max, WF_U32, CREDENTIALS_PER_PAGE),
};
SCHEMA(schema_credential_page_req, credential_page_req, credential_page_req_f);

static const struct wire_field credential_page_f[] = {
	L(credential_page, credentials, CREDENTIALS_PER_PAGE, schema_credential),
	F(credential_page, more, WF_U8, 1),
};
SCHEMA(schema_credential_page, credential_page, credential_page_f);

static const struct wire_field organiser_f[] = {
	F(organiser, key, WF_B32, 0),
	F(organiser, name, WF_STR, NAME_MAX_BYTES),
	L(organiser, villages, ORGANISER_VILLAGES_MAX, schema_ref),
	F(organiser, until, WF_I64, 0),
};
SCHEMA(schema_organiser, organiser, organiser_f);

static const struct wire_field organiser_list_f[] = {
	L(organiser_list, items, LIST_MAX, schema_organiser),
};
SCHEMA(schema_organiser_list, organiser_list, organiser_list_f);

/* The round is embedded: its fields come first, in schema_round order (one list of
 * round fields, so the two encodings cannot drift apart). */
static const struct wire_field round_info_f[] = {
	{ "round", WF_RECORD, offsetof(struct round_info, round), 0, &schema_round, NULL },
	F(round_info, village_name, WF_STR, NAME_MAX_BYTES),
	F(round_info, events, WF_U64, 0),
	L(round_info, initiatives, LIST_MAX, schema_initiative),
	F(round_info, registered, WF_U32, 0),
	F(round_info, used, WF_U32, 0),
	F(round_info, revoked, WF_U32, 0),
	F(round_info, ballots, WF_U64, 0),
	L(round_info, kiosks, LIST_MAX, schema_kiosk_count),
};
SCHEMA(schema_round_info, round_info, round_info_f);

static const struct wire_field event_f[] = {
	F(event, round, WF_U32, 0),
	F(event, seq, WF_U64, 0),
	F(event, time, WF_I64, 0),
	F(event, type, WF_U16, 0),
	F(event, prev, WF_B32, 0),
	F(event, signer, WF_B32, 0),
	F(event, counter, WF_U64, 0),
	F(event, sig, WF_B64, 0),
	F(event, body, WF_BLOB, FRAME_MAX),
	F(event, subject, WF_U32, 0),
};
SCHEMA(schema_event, event, event_f);

static const struct wire_field event_page_f[] = {
	L(event_page, events, EVENTS_PER_PAGE, schema_event),
	F(event_page, more, WF_U8, 1),
};
SCHEMA(schema_event_page, event_page, event_page_f);

struct empty {
	char unused;
};
const struct wire_schema schema_empty = { "empty", NULL, 0, sizeof(struct empty) };

static const struct wire_field condition_f[] = {
	F(condition, text, WF_STR, CONDITION_MAX_BYTES),
};
SCHEMA(schema_condition, condition, condition_f);

static const struct wire_field conditions_f[] = {
	F(conditions, village, WF_U32, 0),
	F(conditions, version, WF_U32, 0),
	L(conditions, items, CONDITIONS_MAX, schema_condition),
	F(conditions, created, WF_I64, 0),
};
SCHEMA(schema_conditions, conditions, conditions_f);

static const struct wire_field conditions_set_f[] = {
	F(conditions, village, WF_U32, 0),
	F(conditions, version, WF_U32, 0),
	L(conditions, items, CONDITIONS_MAX, schema_condition),
};
SCHEMA(schema_conditions_set, conditions, conditions_set_f);

static const struct wire_field conditions_query_f[] = {
	F(conditions, village, WF_U32, 0),
	F(conditions, version, WF_U32, 0),
};
SCHEMA(schema_conditions_query, conditions, conditions_query_f);

static const struct wire_field inhabitants_f[] = {
	F(inhabitants, village, WF_U32, 0),
	F(inhabitants, year, WF_U32, 0),
	F(inhabitants, n, WF_U64, 0),
};
SCHEMA(schema_inhabitants, inhabitants, inhabitants_f);

static const struct wire_field decision_item_f[] = {
	F(decision_item, met, WF_U8, 1),
};
SCHEMA(schema_decision_item, decision_item, decision_item_f);

static const struct wire_field decision_f[] = {
	F(decision, id, WF_U32, 0),
	F(decision, status, WF_U8, INIT_STATUS_MAX),
	F(decision, conditions, WF_U32, 0),
	L(decision, met, CONDITIONS_MAX, schema_decision_item),
	F(decision, reason, WF_STR, REASON_MAX_BYTES),
};
SCHEMA(schema_decision, decision, decision_f);

static const struct wire_field money_line_f[] = {
	F(money_line, what, WF_STR, NAME_MAX_BYTES),
	F(money_line, amount, WF_U64, MONEY_MAX_CENTS),
};
SCHEMA(schema_money_line, money_line, money_line_f);

static const struct wire_field spending_due_f[] = {
	F(spending_due, round, WF_U32, 0),
	F(spending_due, date, WF_U32, 0),
};
SCHEMA(schema_spending_due, spending_due, spending_due_f);

static const struct wire_field spending_pay_f[] = {
	F(spending_pay, initiative, WF_U32, 0),
	F(spending_pay, amount, WF_U64, MONEY_MAX_CENTS),
	F(spending_pay, date, WF_U32, 0),
};
SCHEMA(schema_spending_pay, spending_pay, spending_pay_f);

static const struct wire_field spending_add_f[] = {
	F(spending_add, initiative, WF_U32, 0),
	F(spending_add, amount, WF_U64, MONEY_MAX_CENTS),
	F(spending_add, date, WF_U32, 0),
	F(spending_add, what, WF_STR, REASON_MAX_BYTES),
	F(spending_add, line, WF_U32, 0),
	F(spending_add, document, WF_B32, 0),
};
SCHEMA(schema_spending_add, spending_add, spending_add_f);

static const struct wire_field spending_overspend_f[] = {
	F(spending_overspend, initiative, WF_U32, 0),
	F(spending_overspend, amount, WF_U64, MONEY_MAX_CENTS),
	F(spending_overspend, reason, WF_STR, REASON_MAX_BYTES),
};
SCHEMA(schema_spending_overspend, spending_overspend, spending_overspend_f);

static const struct wire_field spending_close_f[] = {
	F(spending_close, initiative, WF_U32, 0),
	F(spending_close, paid, WF_U64, MONEY_MAX_CENTS),
	F(spending_close, spent, WF_U64, MONEY_MAX_CENTS),
	F(spending_close, returned, WF_U64, MONEY_MAX_CENTS),
	F(spending_close, participants, WF_U32, 0),
	F(spending_close, achieved, WF_STR, SUMMARY_MAX_BYTES),
	F(spending_close, summary, WF_STR, SUMMARY_MAX_BYTES),
};
SCHEMA(schema_spending_close, spending_close, spending_close_f);

static const struct wire_field document_put_f[] = {
	F(document_put, round, WF_U32, 0),
	F(document_put, data, WF_BLOB, DOCUMENT_MAX_BYTES),
};
SCHEMA(schema_document_put, document_put, document_put_f);

static const struct wire_field document_get_f[] = {
	F(document_get, round, WF_U32, 0),
	F(document_get, document, WF_B32, 0),
};
SCHEMA(schema_document_get, document_get, document_get_f);

static const struct wire_field application_f[] = {
	F(application, round, WF_U32, 0),
	F(application, title, WF_STR, NAME_MAX_BYTES),
	F(application, summary, WF_STR, SUMMARY_MAX_BYTES),
	F(application, proposer, WF_STR, NAME_MAX_BYTES),
	F(application, category, WF_STR, NAME_MAX_BYTES),
	L(application, lines, APPLICATION_LINES_MAX, schema_money_line),
	L(application, cofunding, APPLICATION_LINES_MAX, schema_money_line),
	F(application, volunteers, WF_U32, 0),
	F(application, planned, WF_STR, PLANNED_MAX_BYTES),
};
SCHEMA(schema_application, application, application_f);

static const struct wire_field contact_f[] = {
	F(contact, id, WF_U32, 0),
	F(contact, contact, WF_STR, CONTACT_MAX_BYTES),
};
SCHEMA(schema_contact, contact, contact_f);

static const struct wire_field public_submission_f[] = {
	F(public_submission, round, WF_U32, 0),
	F(public_submission, title, WF_STR, NAME_MAX_BYTES),
	F(public_submission, summary, WF_STR, SUMMARY_MAX_BYTES),
	F(public_submission, proposer, WF_STR, NAME_MAX_BYTES),
	F(public_submission, category, WF_STR, NAME_MAX_BYTES),
	L(public_submission, lines, APPLICATION_LINES_MAX, schema_money_line),
	L(public_submission, cofunding, APPLICATION_LINES_MAX, schema_money_line),
	F(public_submission, volunteers, WF_U32, 0),
	F(public_submission, planned, WF_STR, PLANNED_MAX_BYTES),
	F(public_submission, contact, WF_STR, CONTACT_MAX_BYTES),
};
SCHEMA(schema_public_submission, public_submission, public_submission_f);

static const struct wire_field submit_receipt_f[] = {
	F(submit_receipt, id, WF_U32, 0),
	F(submit_receipt, event, WF_U64, 0),
	F(submit_receipt, code, WF_STR, 64),
};
SCHEMA(schema_submit_receipt, submit_receipt, submit_receipt_f);

static const struct msg_desc msgs[] = {
	{ MSG_HELLO, "hello", 0, &schema_hello, MSG_WELCOME },
	{ MSG_STATUS, "status", 0, &schema_empty, MSG_STATUS_REPLY },
	{ MSG_VILLAGE_LIST, "village-list", 0, &schema_empty, MSG_VILLAGES },
	{ MSG_ROUND_LIST, "round-list", 0, &schema_round_filter, MSG_ROUNDS },
	{ MSG_ROUND_SHOW, "round-show", 0, &schema_ref, MSG_ROUND_INFO },
	{ MSG_INITIATIVE_LIST, "initiative-list", 0, &schema_ref, MSG_INITIATIVES },
	{ MSG_RESULT_GET, "result", 0, &schema_ref, MSG_RESULT },
	{ MSG_BALLOT_LIST, "ballot-list", 0, &schema_ballot_page_req, MSG_BALLOTS },
	{ MSG_KIOSK_LIST, "kiosk-list", 0, &schema_round_filter, MSG_KIOSKS },
	{ MSG_KIOSK_CHALLENGE, "kiosk-challenge", 0, &schema_empty, MSG_CHALLENGE },
	{ MSG_KIOSK_LOGIN, "kiosk-login", 0, &schema_kiosk_login, MSG_KIOSK_WELCOME },
	{ MSG_BALLOT_CAST, "ballot-cast", MSGF_KIOSK, &schema_ballot, MSG_RECEIPT },
	{ MSG_BALLOT_STATUS, "ballot-status", 0, &schema_ballot_query, MSG_RECEIPT },
	{ MSG_CREDENTIAL_STATUS, "credential-status", MSGF_KIOSK, &schema_credential_ref,
	    MSG_CREDENTIAL_STATE },
	{ MSG_CHECKPOINT_GET, "checkpoint", 0, &schema_ref, MSG_CHECKPOINT },
	{ MSG_EVENT_LIST, "event-list", 0, &schema_event_page_req, MSG_EVENTS },
	{ MSG_CREDENTIAL_LIST, "credential-list", 0, &schema_credential_page_req,
	    MSG_CREDENTIALS },
	{ MSG_ORGANISER_LIST, "organiser-list", 0, &schema_empty, MSG_ORGANISERS },
	{ MSG_CONDITIONS_GET, "conditions-get", 0, &schema_conditions_query, MSG_CONDITIONS },
	{ MSG_CONDITIONS_SET, "conditions-set", MSGF_SIGNED, &schema_conditions_set, MSG_DONE },
	{ MSG_INHABITANTS_SET, "inhabitants-set", MSGF_SIGNED, &schema_inhabitants, MSG_DONE },
	{ MSG_INITIATIVE_DECIDE, "initiative-decide", MSGF_SIGNED, &schema_decision, MSG_DONE },
	{ MSG_INITIATIVE_SUBMIT, "initiative-submit", MSGF_SIGNED, &schema_application,
	    MSG_DONE },
	{ MSG_CONTACT_SET, "contact-set", MSGF_SIGNED, &schema_contact, MSG_DONE },
	{ MSG_SPENDING_DUE, "spending-due", MSGF_SIGNED, &schema_spending_due, MSG_DONE },
	{ MSG_SPENDING_PAY, "spending-pay", MSGF_SIGNED, &schema_spending_pay, MSG_DONE },
	{ MSG_SPENDING_ADD, "spending-add", MSGF_SIGNED, &schema_spending_add, MSG_DONE },
	{ MSG_SPENDING_OVERSPEND, "spending-overspend", MSGF_SIGNED, &schema_spending_overspend,
	    MSG_DONE },
	{ MSG_SPENDING_CLOSE, "spending-close", MSGF_SIGNED, &schema_spending_close, MSG_DONE },
	{ MSG_DOCUMENT_PUT, "document-put", MSGF_SIGNED, &schema_document_put, MSG_DONE },
	{ MSG_DOCUMENT_GET, "document-get", MSGF_SIGNED, &schema_document_get, MSG_DOCUMENT },
	{ MSG_DOCUMENT, "document", MSGF_REPLY, &schema_document_put, 0 },
	{ MSG_CONTACT_GET, "contact-get", MSGF_SIGNED, &schema_ref, MSG_CONTACT },
	{ MSG_CONTACT_FORGET, "contact-forget", MSGF_SIGNED, &schema_ref, MSG_DONE },
	{ MSG_CONTACT, "contact", MSGF_REPLY, &schema_contact, 0 },
	{ MSG_PUBLIC_SUBMIT, "public-submit", 0, &schema_public_submission,
	    MSG_SUBMIT_RECEIPT },
	{ MSG_SUBMIT_RECEIPT, "submit-receipt", MSGF_REPLY, &schema_submit_receipt, 0 },
	{ MSG_CONDITIONS, "conditions", MSGF_REPLY, &schema_conditions, 0 },
	{ MSG_VILLAGE_ADD, "village-add", MSGF_SIGNED, &schema_village_add, MSG_DONE },
	{ MSG_ROUND_CREATE, "round-create", MSGF_SIGNED, &schema_round_create, MSG_DONE },
	{ MSG_ROUND_SET, "round-set", MSGF_SIGNED, &schema_round_set, MSG_DONE },
	{ MSG_ROUND_OPEN, "round-open", MSGF_SIGNED, &schema_round_open, MSG_DONE },
	{ MSG_ROUND_CLOSE, "round-close", MSGF_SIGNED, &schema_round_close, MSG_DONE },
	{ MSG_ROUND_CANCEL, "round-cancel", MSGF_SIGNED, &schema_ref, MSG_DONE },
	{ MSG_INITIATIVE_ADD, "initiative-add", MSGF_SIGNED, &schema_initiative_add, MSG_DONE },
	{ MSG_INITIATIVE_ADMIT, "initiative-admit", MSGF_SIGNED, &schema_ref, MSG_DONE },
	{ MSG_INITIATIVE_REJECT, "initiative-reject", MSGF_SIGNED, &schema_initiative_reject,
	    MSG_DONE },
	{ MSG_INITIATIVE_WITHDRAW, "initiative-withdraw", MSGF_SIGNED, &schema_ref, MSG_DONE },
	{ MSG_CREDENTIALS_REGISTER, "credentials-register", MSGF_SIGNED, &schema_credential_batch,
	    MSG_DONE },
	{ MSG_CREDENTIAL_REVOKE, "credential-revoke", MSGF_SIGNED, &schema_credential_ref,
	    MSG_DONE },
	{ MSG_KIOSK_ENROLL, "kiosk-enroll", MSGF_SIGNED, &schema_kiosk_enroll, MSG_DONE },
	{ MSG_KIOSK_RETIRE, "kiosk-retire", MSGF_SIGNED, &schema_ref, MSG_DONE },
	{ MSG_LEDGER_LIST, "ledger-list", MSGF_SIGNED, &schema_event_page_req, MSG_EVENTS },
	{ MSG_CHECKPOINT_MAKE, "checkpoint-make", MSGF_SIGNED, &schema_ref, MSG_CHECKPOINT },
	{ MSG_WELCOME, "welcome", MSGF_REPLY, &schema_welcome, 0 },
	{ MSG_STATUS_REPLY, "status-reply", MSGF_REPLY, &schema_status, 0 },
	{ MSG_DONE, "done", MSGF_REPLY, &schema_done, 0 },
	{ MSG_VILLAGES, "villages", MSGF_REPLY, &schema_village_list, 0 },
	{ MSG_ROUNDS, "rounds", MSGF_REPLY, &schema_round_list, 0 },
	{ MSG_ROUND_INFO, "round-info", MSGF_REPLY, &schema_round_info, 0 },
	{ MSG_INITIATIVES, "initiatives", MSGF_REPLY, &schema_initiative_list, 0 },
	{ MSG_KIOSKS, "kiosks", MSGF_REPLY, &schema_kiosk_list, 0 },
	{ MSG_CHALLENGE, "challenge", MSGF_REPLY, &schema_challenge, 0 },
	{ MSG_KIOSK_WELCOME, "kiosk-welcome", MSGF_REPLY, &schema_kiosk, 0 },
	{ MSG_RECEIPT, "receipt", MSGF_REPLY, &schema_receipt, 0 },
	{ MSG_CREDENTIAL_STATE, "credential-state", MSGF_REPLY, &schema_credential, 0 },
	{ MSG_RESULT, "result-reply", MSGF_REPLY, &schema_result, 0 },
	{ MSG_BALLOTS, "ballots", MSGF_REPLY, &schema_ballot_page, 0 },
	{ MSG_CHECKPOINT, "checkpoint-reply", MSGF_REPLY, &schema_checkpoint, 0 },
	{ MSG_EVENTS, "events", MSGF_REPLY, &schema_event_page, 0 },
	{ MSG_CREDENTIALS, "credentials", MSGF_REPLY, &schema_credential_page, 0 },
	{ MSG_ORGANISERS, "organisers", MSGF_REPLY, &schema_organiser_list, 0 },
	{ MSG_ERROR, "error", MSGF_REPLY, &schema_error, 0 },
};

const struct msg_desc *
msg_lookup(uint16_t type)
{
	size_t i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (msgs[i].type == type)
			return &msgs[i];
	return NULL;
}

static const char *round_states[] = { "draft", "voting", "closed", "tallied", "cancelled" };
static const char *ballot_types[] = { "?", "approval", "knapsack", "cumulative", "ordinal" };
static const char *init_statuses[] = { "submitted", "admitted", "rejected", "withdrawn" };

const char *
round_state_name(unsigned s)
{
	return s <= ROUND_STATE_MAX ? round_states[s] : "?";
}

const char *
ballot_type_name(unsigned t)
{
	return t <= BALLOT_TYPE_MAX ? ballot_types[t] : "?";
}

int
ballot_type_parse(const char *s)
{
	int i;

	for (i = 1; i <= BALLOT_TYPE_MAX; i++)
		if (strcasecmp(s, ballot_types[i]) == 0)
			return i;
	return 0;
}

const char *
initiative_status_name(unsigned s)
{
	return s <= INIT_STATUS_MAX ? init_statuses[s] : "?";
}

const char *
credential_state_name(unsigned s)
{
	static const char *names[] = { "registered", "used", "revoked" };

	return s <= CRED_STATE_MAX ? names[s] : "?";
}

const char *
kiosk_state_name(unsigned s)
{
	static const char *names[] = { "active", "retired" };

	return s <= KIOSK_STATE_MAX ? names[s] : "?";
}
