# Above --search-max labeled dialogues LIBLINEAR's C (the model's and each
# baseline's) is searched on a stratified sample, and the chosen C then
# cross-validated on all, the model's figures and calibration: train says so in its log, in its report and in the
# metrics; the baselines are measured on that sample.  At or below it nothing changes: no sample, no such line.
source "$ROOT/tests/e2e/lib.sh"
# an empty database first (the fixture fills its tables)
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--learner liblinear --json
n=$(sed -n 's/^learner liblinear, kernel linear, \([0-9]*\) labeled.*/\1/p' out)
[ -n "$n" ] && [ "$n" -gt 60 ] || fail "labeled: '$n'"
! grep -q "stratified sample" err out || fail "a sample below --search-max"
! grep -q '"search_sample"' out || fail "search_sample below --search-max"
cp out full.out

# the same set with the bound at 60: the search runs on about 60 of them
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--learner liblinear --json --search-max 60
grep -q "grid search on a stratified sample of [0-9]* (of $n labeled, more than 60)" err ||
	fail "no sample line in the log"
s=$(sed -n 's/.*grid search on a stratified sample of \([0-9]*\) .*/\1/p' err)
[ "$s" -le 60 ] && [ "$s" -ge 30 ] || fail "sample of $s"
contains out "C chosen on a stratified sample of $s of the $n labeled, then cross-validated on all; the baselines' C and cv AUC on that sample"
contains out "\"search_sample\":$s"
# the chosen C is cross-validated on all rows; the baselines keep a cv AUC
contains err "cross-validating C="
grep -q '"baselines":{"page_channel":{"cv_auc":[0-9.]*,' out || fail "page+channel baseline"
grep -q '"words":{"cv_auc":[0-9.]*,' out || fail "words baseline"
grep -q '"cv_auc":[0-9.]*,' out || fail "model cv AUC"
# every grid point of the model and the baselines ran on the sample's folds:
# as many points as without the bound, far fewer rows
[ "$(grep -c 'grid point liblinear' err)" -gt 5 ] || fail "grid points"
expect_status 2 "$LEADQA" --db leadqa.db train --model-dir m --search-max 0
contains err "--search-max needs a count"
