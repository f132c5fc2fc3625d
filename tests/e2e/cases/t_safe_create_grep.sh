# Every file, folder and link the program creates is created through one
# helper (src/safefile.c) that creates exclusively: no other source opens a
# file with O_CREAT, for writing with fopen, or draws temporary names.
source "$ROOT/tests/e2e/lib.sh"
cd "$ROOT/src" || fail "no src"
grep -nE 'O_CREAT|O_TRUNC|mkstemp|mkdtemp|[^_]tmpfile\(|tmpnam|fopen\([^)]*"[wa]|symlink\(' *.c \
	| grep -v '^safefile\.c:' > "$OLDPWD/hits"
cd "$OLDPWD"
[ ! -s hits ] || { cat hits; fail "files created outside src/safefile.c"; }
exit 0
