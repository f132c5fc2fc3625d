/* cmd_report.c — placeholder until the report stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_report[] = "usage: leadqa report\n";

int cmd_report(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("report: not available in this build");
	return EXIT_FAILED;
}
