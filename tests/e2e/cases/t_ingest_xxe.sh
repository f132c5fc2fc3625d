# External entities are never loaded: neither a local file named by a
# relative SYSTEM id nor /etc/passwd appears in the database or the output.
source "$ROOT/tests/e2e/lib.sh"
F=$FIXTURES/ingest
cp "$F/xxe.xml" "$F/xxe-secret.txt" .
"$LEADQA" ingest xxe.xml >out 2>err
status=$?
[ "$status" -eq 3 ] || { cat err; fail "exit $status, expected 3"; }
contains err "xxe.xml:8: dialogue 'xxe-1': entity reference '&local;'"
contains err "xxe.xml:17: Attribute references external entity"
[ "$(sql "SELECT id FROM dialogues")" = xxe-2 ] || fail "clean dialogue not kept"
sqlite3 leadqa.db .dump > dump.sql
lacks dump.sql "SECRET-MARKER"
lacks dump.sql "root:x:0"
lacks out "SECRET-MARKER"
lacks err "SECRET-MARKER"
lacks err "root:x:0"
