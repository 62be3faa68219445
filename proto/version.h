/* SPDX-License-Identifier: EUPL-1.2 */
/* version.h — the release both programs report with --version. The Makefile reads it for
 * `make deb` and tests/install.sh checks debian/changelog agrees. */
#ifndef DORPSSTEM_VERSION_H
#define DORPSSTEM_VERSION_H

#define DORPSSTEM_VERSION	"0.9.0"

#endif
