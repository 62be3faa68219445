/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * json.h — JSON text for any record described by a wire schema (the -j output of the
 * client, and any file the tools write for scripts). One rule for every record:
 *   integers  → JSON numbers, as stored (amounts are cents, times unix seconds;
 *               see docs/cli.md), except enumerations with a name table in their
 *               schema field (enum_name), which become their names ("draft")
 *   strings   → JSON strings (already valid UTF-8 without control characters; escaped anyway)
 *   B32, B64, blobs → lowercase hex strings
 *   lists     → arrays of objects
 * Keys are the schema's field names, in schema order.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wire.h"

/* Writes s as a JSON string literal (with quotes). */
void	json_string(FILE *, const char *s);
/* The same for n bytes as lowercase hex. */
void	json_hex(FILE *, const uint8_t *p, size_t n);
/* Writes rec as one JSON object, without a trailing newline. */
void	json_record(FILE *, const struct wire_schema *, const void *rec);

#endif
