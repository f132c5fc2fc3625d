# export, report and eval only read the database: a missing one is an error
# (exit 1, named on stderr) and nothing is created, neither the database
# nor the output.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" report --out rep
contains err "no database 'leadqa.db'"
expect_status 1 "$LEADQA" export --out leads.csv
contains err "no database 'leadqa.db'"
expect_status 1 "$LEADQA" eval
contains err "no database 'leadqa.db'"
expect_status 1 "$LEADQA" --db sub/x.db eval --json
contains err "no database 'sub/x.db'"
LEADQA_DB=env.db expect_status 1 "$LEADQA" export --out -
contains err "no database 'env.db'"
[ "$(ls -A)" = "$(printf 'err\nout')" ] || fail "something was created: $(ls -A | tr '\n' ' ')"
[ ! -s out ] || fail "output on stdout: $(cat out)"
# once a command that writes made it, they read it
expect_status 0 "$LEADQA" ingest "$FIXTURES/spec/example-transcripts.xml"
expect_status 0 "$LEADQA" export --out leads.csv
[ -f leads.csv ] || fail "no export from an existing database"
