# A full disk: the export fails with a clear message and status 1, leaves
# neither a half file nor its temporary behind, keeps the previous file as it
# was and records nothing.  Standard output that cannot be written fails too.
# The disk is a 64 KiB tmpfs (needs root; the case says so and passes when
# it cannot mount one, after the standard output check).
DB=f.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-12-02T00:00:00Z
# export only reads: a command that writes makes the database
expect_status 0 "$LEADQA" --db f.db score
expect_status 0 "$LEADQA" --db f.db export --out - # the schema
sql "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5000)
     INSERT INTO dialogues(id, has_contact, email, content_hash, ingested_at)
       SELECT printf('d-%05d', i), 1, printf('user%d@example.com', i), 'h', 0 FROM c;
     INSERT INTO scores(dialogue_id, content_hash, lead_score, lead_grade, premature, missed,
       top_factors, model_version, scored_at, changed_at)
       SELECT id, 'h', 50, 'B', 0, 0, 'asked about prices; handed to an operator', 'lq-1', 0, 0
       FROM dialogues"
"$LEADQA" --db f.db export --out - >/dev/full 2>err; st=$?
[ "$st" -eq 1 ] || fail "export to a full standard output exited $st"
contains err "cannot write"
[ "$(sql 'SELECT count(*) FROM exports')" = 1 ] || fail "a failed export was recorded"

mkdir disk
if ! mount -t tmpfs -o size=64k tmpfs disk 2>/dev/null; then
	echo "cannot mount a small tmpfs here (not root?): the full-disk part is left out"
	exit 0
fi
trap 'umount disk 2>/dev/null' EXIT
printf 'contact_id,email\r\nC-1,a@example.com\r\n' > disk/leads.csv
cp disk/leads.csv before.csv
expect_status 1 "$LEADQA" --db f.db export --out disk/leads.csv
contains err "cannot write 'disk/leads.csv.lqtmp-"
same before.csv disk/leads.csv
[ "$(ls disk)" = "leads.csv" ] || fail "left behind: $(ls disk)"
[ "$(sql 'SELECT count(*) FROM exports')" = 1 ] || fail "a failed export was recorded"
# the whole night on that disk: exit 1, the database keeps what it did
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" inbox/
dd if=/dev/zero of=disk/filler bs=1k count=64 2>/dev/null
expect_status 1 "$LEADQA" --db night.db nightly --inbox inbox --out disk/out --lexicons "$ROOT/models"
contains err "night 2026-12-02: failed"
[ "$(DB=night.db sql 'SELECT count(*) FROM dialogues')" = 4 ] || fail "the night lost its loaded dialogues"
[ "$(DB=night.db sql 'SELECT count(*) FROM exports')" = 0 ] || fail "a failed export was recorded"
exit 0
