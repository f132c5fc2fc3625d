# The shipped lexicons are found in the data folder whatever the working
# folder; --data-dir and the data_dir setting override it; models go to
# models/ beside the database.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
mkdir -p elsewhere/inbox lex
cp "$FIXTURES"/spec/example-*.* elsewhere/inbox/
cd elsewhere
# an unrelated folder, no models/ in it: the night runs and finds something
expect_status 0 "$LEADQA" --db state/leadqa.db nightly --inbox inbox --out night
lacks err "lexicon-*.txt"
[ "$(DB=state/leadqa.db sql 'SELECT count(*) FROM findings')" -gt 0 ] || fail "no findings"
[ -f night/exports/latest.csv ] || fail "no export"
[ ! -e models ] || fail "models/ made in the working folder"
expect_status 0 "$LEADQA" --db state/leadqa.db eval
contains out "labeled dialogues: 3"
# train writes beside the database by default
expect_status 1 "$LEADQA" --db state/leadqa.db train
contains err "too little data"
[ ! -e models ] || fail "train looked for models in the working folder"
# --data-dir overrides: an empty folder has no lexicons
expect_status 1 "$LEADQA" --data-dir ../lex --db state/leadqa.db eval
contains err "lexicon-*.txt in '../lex'"
expect_status 1 "$LEADQA" --db state/leadqa.db score --data-dir=../lex --all
contains err "../lex"
# ... and so does the data_dir setting, relative to the settings file
printf 'db = state/leadqa.db\ninbox = inbox\nout = night\ndata_dir = ../lex\n' > night.conf
expect_status 1 "$LEADQA" nightly --config night.conf
contains err "lex"
cp "$ROOT"/models/lexicon-en.txt ../lex/
expect_status 0 "$LEADQA" nightly --config night.conf --date 2026-11-25
# the settings file names a database: models go beside it
[ -d state/models ] || [ "$(DB=state/leadqa.db sql 'SELECT count(*) FROM models')" = 0 ] || fail "models not beside the database"
exit 0
