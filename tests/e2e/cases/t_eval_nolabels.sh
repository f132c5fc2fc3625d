# eval with no trainer labels fails clearly, and wrong usage exits 2.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_DB=$PWD/leadqa.db
expect_status 0 "$LEADQA" ingest "$FIXTURES/eval/chats.xml"
expect_status 1 "$LEADQA" eval
contains err "no trainer labels in the database"
expect_status 2 "$LEADQA" eval --bogus
expect_status 2 "$LEADQA" eval --dry-run
expect_status 2 "$LEADQA" eval --stored --learn
expect_status 0 "$LEADQA" eval --help
contains out "strict majority"
