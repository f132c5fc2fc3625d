# Assertions for end-to-end cases (sourced).  Each prints what went wrong.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_status N CMD...: runs CMD, stdout to ./out, stderr to ./err.
expect_status() {
	local want=$1; shift
	"$@" >out 2>err; local got=$?
	[ "$got" -eq "$want" ] || { cat err >&2; fail "'$*' exited $got, expected $want"; }
}
contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; head -50 "$1" >&2; fail "$1 lacks '$2'"; }; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"; }
same() { diff -u "$1" "$2" >&2 || fail "$1 and $2 differ"; }
sql() { sqlite3 -batch -noheader "${DB:-leadqa.db}" "$1"; }
# the same through tools/lqsql, which has turnpack_json(): for the `turns`
# view, which reads the (compressed) turn packs through it
sqlt() { "$TOOLS/lqsql" "${DB:-leadqa.db}" "$1"; }
