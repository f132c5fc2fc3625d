# A night driven by a settings file (relative paths taken beside the file)
# with incremental exports: the first night exports every row, the next only
# what changed since, and running that night again rewrites the same delta.
source "$ROOT/tests/e2e/lib.sh"
mkdir -p site/inbox elsewhere
cp "$FIXTURES/night/inbox/chats-1126.xml" "$FIXTURES/night/inbox/deals-1126.csv" site/inbox/
cat > site/night.conf <<CONF
# test night
db = night.db
inbox = inbox
out = out          # beside this file, not in the working folder
model_dir = models
lexicon_dir = $ROOT/models
export_incremental = yes
CONF
cd elsewhere
export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 0 "$LEADQA" nightly --config ../site/night.conf
[ -f ../site/night.db ] || fail "the database named in the settings file was not used"
[ -f ../site/out/exports/leads-2026-11-27.csv ] || fail "no export beside the settings file"
[ "$(grep -c '^' ../site/out/exports/leads-2026-11-27.csv)" -eq 5 ] || fail "first night: every row"

cp "$FIXTURES/night/inbox/chats-1127.xml" ../site/inbox/
export LEADQA_NOW=2026-11-28T03:15:00Z
expect_status 0 "$LEADQA" nightly --config ../site/night.conf
delta=../site/out/exports/leads-2026-11-28.csv
[ "$(grep -c '^' $delta)" -eq 2 ] || { cat $delta; fail "second night: only the new dialogue"; }
contains $delta ",n-005,"
cp $delta first-delta.csv
# the same night again: the same delta, not an empty one
expect_status 0 "$LEADQA" nightly --config ../site/night.conf
same first-delta.csv $delta
# the command line overrides the file
expect_status 0 "$LEADQA" nightly --config ../site/night.conf --out ../other --date 2026-11-29
[ -f ../other/exports/leads-2026-11-29.csv ] || fail "--out and --date did not override"
exit 0
