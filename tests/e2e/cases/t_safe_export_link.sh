# A link planted under the name of the export's temporary file (which once
# was FILE.tmp-<pid>, the pid readable in the lock file) is never written
# through: the file it points at stays as it was, and the export is a file
# of its own.  The same for the atomic writer of models and eval files
# (FILE.tmp.<pid>).  `exec` keeps the shell's pid for leadqa, so the name
# the old code would have used is known in advance.
DB=f.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-12-02T00:00:00Z
"$LEADQA" --db f.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db f.db export --out - >/dev/null 2>&1   # creates the schema
sqlite3 f.db < "$FIXTURES/night/export/scored.sql" || fail "fixture did not load"
echo "precious" > victim
mkdir exports
sh -c 'ln -s "$PWD/victim" exports/leads.csv.tmp-$$; exec "$LEADQA" --db f.db export --out exports/leads.csv' >out 2>err \
	|| { cat err; fail "export failed"; }
[ "$(cat victim)" = precious ] || fail "the export was written through the planted link: $(head -2 victim)"
[ -f exports/leads.csv ] && [ ! -L exports/leads.csv ] || fail "the export is not a file of its own"
same "$FIXTURES/night/export/expected.csv" exports/leads.csv

# the atomic writer (eval --csv)
"$LEADQA" --db e.db ingest "$FIXTURES/eval/chats.xml" "$FIXTURES/eval/labels.xml" >/dev/null 2>&1 || fail "ingest"
sqlite3 e.db "INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at)
	SELECT id, content_hash, 0, 0, 0, 0 FROM dialogues;"
sh -c 'ln -s "$PWD/victim" dis.csv.tmp.$$; exec "$LEADQA" --db e.db eval --stored --csv dis.csv' >out 2>err \
	|| { cat err; fail "eval failed"; }
[ "$(cat victim)" = precious ] || fail "the eval file was written through the planted link"
[ -f dis.csv ] && [ ! -L dis.csv ] || fail "the eval file is not a file of its own"
contains dis.csv "dialogue_id,finding,detector"
exit 0
