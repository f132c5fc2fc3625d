/* cmd_ingest.c — placeholder until the ingest stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_ingest[] = "usage: leadqa ingest\n";

int cmd_ingest(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("ingest: not available in this build");
	return EXIT_FAILED;
}
