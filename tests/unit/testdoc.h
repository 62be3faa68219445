/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * testdoc.h — for unit tests that check test vectors printed in docs/: reads a file of the
 * source tree (relative to $TOP, or to the current directory, which is the top of the tree
 * when tests/run-tests runs them). Include after <cmocka.h>.
 */
#ifndef TESTDOC_H
#define TESTDOC_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file, NUL-terminated (the caller frees); a missing file fails the test. */
static char *
testdoc_read(const char *relpath)
{
	const char	*top = getenv("TOP");
	char		 path[4096];
	FILE		*f;
	char		*buf;
	long		 n;

	snprintf(path, sizeof(path), "%s%s%s", top ? top : "", top ? "/" : "", relpath);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (run from the top of the tree or set TOP)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

#endif
