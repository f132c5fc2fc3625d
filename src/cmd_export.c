/* cmd_export.c — placeholder until the export stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_export[] = "usage: leadqa export\n";

int cmd_export(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("export: not available in this build");
	return EXIT_FAILED;
}
