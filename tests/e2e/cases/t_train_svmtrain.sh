# Debian's svm-train on our --dump with our parameters predicts what we do:
# the same labels, probabilities within 1e-6.
source "$ROOT/tests/e2e/lib.sh"
command -v svm-train >/dev/null || fail "svm-train (libsvm-tools) is not installed"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--kernel rbf --c 2 --gamma 0.5 --no-baselines --dump train.txt
opts=$(sed -n 's/^svm-train //p' out)
[ -n "$opts" ] || fail "no svm-train line"
[ "$(wc -l < train.txt)" = 240 ] && [ "$(wc -l < train.txt.ids)" = 240 ] || fail "dump size"
svm-train -q $opts train.txt tool.model >/dev/null || fail "svm-train failed"
svm-predict -b 1 train.txt tool.model tool.out >/dev/null || fail "svm-predict failed"
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models" --model m/lq-20261231-0001.model
for id in $(cat train.txt.ids); do sql "SELECT probability FROM scores WHERE dialogue_id = '$id'"; done > ours.txt
[ "$(wc -l < ours.txt)" = 240 ] || fail "not every dialogue scored"
# svm-predict: a header "labels A B", then "label pA pB" per line
awk 'NR == FNR { ours[FNR] = $1; next }
     FNR == 1 { col = ($2 == "1") ? 2 : 3; next }
     { i = FNR - 1; d = $col - ours[i]; if (d < 0) d = -d;
       mine = ours[i] >= 0.5 ? 1 : -1;
       if (d > 1e-6) { print "dialogue " i ": svm-predict " $col ", ours " ours[i]; bad++ }
       if ($col > 0.5 && ours[i] < 0.5 || $col < 0.5 && ours[i] > 0.5) { print "label differs at " i; bad++ } }
     END { exit bad > 0 }' ours.txt tool.out || fail "predictions differ"
