/* SPDX-License-Identifier: EUPL-1.2 */
/* version.h — the release both programs report with --version (the protocol's software
 * strings, DORPSSTEM_SOFTWARE and DORPSSTEMD_SOFTWARE, say "/0.1"). The Makefile reads it
 * for `make deb`; tests/integration/deb.sh checks debian/changelog agrees. */
#ifndef DORPSSTEM_VERSION_H
#define DORPSSTEM_VERSION_H

#define DORPSSTEM_VERSION	"0.1.0"

#endif
