# A report reads one snapshot of the database: a night scoring meanwhile is
# seen before or after, never half-way.  The report is held still (a
# preloaded shim stops it when it opens its first page) while the scores
# and findings are deleted; its pages must still show what its figures say.
source "$ROOT/tests/e2e/lib.sh"
cat > shim.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
static void maybe_stop(const char *path)
{
	static int stopped;
	size_t n = strlen(path);
	if (n > 5 && !strcmp(path + n - 5, ".html") && !stopped++)
		raise(SIGSTOP);
}
FILE *fopen(const char *path, const char *mode)
{
	FILE *(*real)(const char *, const char *) = (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");
	maybe_stop(path);
	return real(path, mode);
}
int open(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	va_list ap;
	int mode;
	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	maybe_stop(path);
	return real(path, flags, mode);
}
C
cc -shared -fPIC -o shim.so shim.c -ldl || fail "cannot build the shim"
"$LEADQA" --db leadqa.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db leadqa.db report --out warm >/dev/null 2>&1   # creates the schema
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
expect_status 0 "$LEADQA" --db leadqa.db report --out ref --lang en
ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD=$PWD/shim.so \
	"$LEADQA" --db leadqa.db report --out r --lang en >r.out 2>r.err &
pid=$!
for i in $(seq 100); do
	[ "$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)" = T ] && break
	sleep 0.1
done
[ "$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)" = T ] || { kill -9 $pid; cat r.err; fail "the report did not stop"; }
sql "DELETE FROM findings; DELETE FROM scores;" || { kill -9 $pid; fail "cannot change the database"; }
kill -CONT $pid
wait $pid || { cat r.err; fail "the report failed"; }
for f in ref/*.html ref/d/*.html; do
	same "$f" "r/${f#ref/}"
done
exit 0
