/* dorpsstem — organiser, kiosk, auditor and offline tools (temporary minimal main). */
#include <stdio.h>
#include <string.h>
#include "pabulib_cmd.h"

int
main(int argc, char *argv[])
{
	int json = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-j") == 0) { json = 1; i++; }
	if (i < argc && strcmp(argv[i], "pabulib") == 0)
		return pabulib_main(argc - i - 1, argv + i + 1, json);
	fprintf(stderr, "usage: dorpsstem [-j] pabulib tally|check FILE.pb ...\n");
	return 1;
}
