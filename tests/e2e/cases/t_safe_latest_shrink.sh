# A full export never takes exports/latest.csv to fewer rows without
# force_export: after the database was lost, the next night's export (of
# another date, so no file of that name existed) is not written and the
# link stays; with --force-export it is.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
mkdir inbox small
cp "$FIXTURES/night/inbox/chats-1126.xml" "$FIXTURES/night/inbox/deals-1126.csv" inbox/
night() { "$LEADQA" --db night.db nightly --inbox "$1" --out nout --model-dir models --lexicons "$ROOT/models" "${@:2}"; }
export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 0 night inbox
rows=$(grep -c '^' nout/exports/latest.csv)
[ "$rows" -gt 2 ] || fail "the first export is too small to test with ($rows lines)"
# the database is lost; the next night sees only one new dialogue
rm -f night.db night.db-wal night.db-shm
sed -n '1,/<\/dialogue>/p' "$FIXTURES/night/inbox/chats-1126.xml" > small/one.xml
echo '</dialogues>' >> small/one.xml
export LEADQA_NOW=2026-11-28T03:15:00Z
expect_status 1 night small
contains err "not written (use --force to replace it)"
[ "$(readlink nout/exports/latest.csv)" = leads-2026-11-27.csv ] || fail "latest.csv -> $(readlink nout/exports/latest.csv)"
[ ! -e nout/exports/leads-2026-11-28.csv ] || fail "the smaller export was written"
expect_status 0 night small --force-export
[ "$(readlink nout/exports/latest.csv)" = leads-2026-11-28.csv ] || fail "forced: latest.csv -> $(readlink nout/exports/latest.csv)"
exit 0
