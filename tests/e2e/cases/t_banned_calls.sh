# compat.h, first in every source file, makes each banned call a compile
# error, also when a system header that declares it is included after it.
source "$ROOT/tests/e2e/lib.sh"
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "SKIP: no C compiler ($cc)"; exit 77; }
compile() {   # compile CALL: 0 when a file making CALL compiles
	cat >snippet.c <<C
#include "compat.h"
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int f(char *b, const char *s, time_t *t);
int f(char *b, const char *s, time_t *t)
{
	(void)b; (void)s; (void)t;
	$1;
	return 0;
}
C
	"$cc" -std=c11 -D_GNU_SOURCE -I"$ROOT/include" -fsyntax-only snippet.c 2>cc.err
}
compile 'snprintf(b, 4, "%s", s)' || { cat cc.err >&2; fail "an allowed call does not compile"; }
for call in 'strcpy(b, s)' 'strcat(b, s)' 'strncpy(b, s, 4)' 'strncat(b, s, 4)' 'sprintf(b, "%s", s)' \
	'strtok(b, s)' 'localtime(t)' 'gmtime(t)' 'ctime(t)' 'asctime(NULL)' 'atoi(s)' 'atol(s)' 'atoll(s)'; do
	compile "$call" && fail "'$call' compiles"
	grep -q 'is_banned' cc.err || { cat cc.err >&2; fail "'$call' failed for another reason than the ban"; }
done
# every source file includes compat.h before anything else
for f in "$ROOT"/src/*/*.c "$ROOT"/tools/*.c "$ROOT"/tools/*/*.c; do
	first=$(grep -m1 '^#include' "$f")
	[ "$first" = '#include "compat.h"' ] || fail "${f#$ROOT/} includes $first before compat.h"
done
true
