/* SPDX-License-Identifier: EUPL-1.2 */
/* pabulib_cmd.h — `dorpsstem pabulib …`: offline tally and check of pabulib .pb files. */
#ifndef PABULIB_CMD_H
#define PABULIB_CMD_H

/* argv[0] is the subcommand ("tally", "check"); returns the process exit status. */
int pabulib_main(int argc, char *argv[], int json);

#endif
