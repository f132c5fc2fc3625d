# The model page says when training searched its grid on a sample (train
# --search-max N, more than N labeled dialogues): how many dialogues the
# search used out of how many labeled.  Trained within the bound, the page
# says nothing of a sample.
source "$ROOT/tests/e2e/lib.sh"
"$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" >/dev/null 2>&1
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--learner liblinear
n=$(sed -n 's/^learner liblinear, kernel linear, \([0-9]*\) labeled.*/\1/p' out)
[ -n "$n" ] && [ "$n" -gt 60 ] || fail "labeled: '$n'"
expect_status 0 "$LEADQA" --db leadqa.db report --out full --lang en
lacks full/model.html "stratified sample"
lacks full/model.html "Search sample"
lacks full/model.html "search sample"

expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--learner liblinear --search-max 60
s=$(sed -n 's/.*grid search on a stratified sample of \([0-9]*\) .*/\1/p' err)
[ -n "$s" ] && [ "$s" -le 60 ] || fail "sample of '$s'"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
contains rep/model.html "<dt>Search sample</dt>"
contains rep/model.html "on a stratified sample of $s of the $n labeled dialogues (more than 60, train --search-max)"
contains rep/model.html "These AUCs come from the search sample of $s dialogues"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep-ru --lang ru
contains rep-ru/model.html "на стратифицированной выборке из $s из $n размеченных диалогов (их больше 60"
exit 0
