# score applies the learned turn classifiers of the models folder
# (eval --learn writes them there): with the fixture classifier that calls
# every client turn frustration, client turns get a classifier tag; without
# it, the lexicons alone decide and no tag names a classifier.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_DB=$PWD/leadqa.db
expect_status 0 "$LEADQA" ingest "$FIXTURES/eval/chats.xml"
mkdir lex both
cp "$ROOT"/models/lexicon-*.txt lex/
cp "$ROOT"/models/lexicon-*.txt both/
cp "$FIXTURES"/eval/turnclf/turnclf-* both/

expect_status 0 "$LEADQA" score --lexicons lex
[ "$(sql "SELECT count(*) FROM turn_tags WHERE cue LIKE 'classifier:%'")" = 0 ] ||
	fail "a classifier tag without classifiers"

expect_status 0 "$LEADQA" score --all --lexicons lex --model-dir both
n=$(sql "SELECT count(*) FROM turn_tags WHERE cue LIKE 'classifier:frustration%'")
[ "$n" -gt 0 ] || fail "score did not apply the turn classifiers"
bad=$(sql "SELECT count(*) FROM turn_tags g JOIN turns t ON t.dialogue_id = g.dialogue_id AND t.n = g.n
           WHERE g.cue LIKE 'classifier:frustration%' AND t.speaker != 'client'")
[ "$bad" = 0 ] || fail "classifier tags on turns that are not the client's"
