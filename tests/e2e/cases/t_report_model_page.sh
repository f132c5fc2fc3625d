# The model page shows the baselines `train` measures and the AUC's rough
# uncertainty it prints (±2·√(0.25/qualified)), and writes large counts in
# full (once "5.34e+03" dialogues).
source "$ROOT/tests/e2e/lib.sh"
expect_status 0 "$LEADQA" --db leadqa.db score
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
sql "INSERT INTO models(version, path, trained_at, learner, kernel, n_train, n_pos, cv_auc, cv_accuracy, time_auc, brier, metrics)
     VALUES ('m3', 'models/m3.model', 1798600000, 'liblinear', 'linear', 5340, 400, 0.81, 0.77, 0.79, 0.15,
     '{\"cv_auc\":0.81,\"baselines\":{\"page_channel\":{\"cv_auc\":0.55,\"time_auc\":0.52},\"words\":{\"cv_auc\":0.74,\"time_auc\":0.71}}}')"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
flat() { tr -d '\n' < "$1"; }
flat rep/model.html | grep -q 'the model</th><td class="num">0.810 ± 0.05</td><td class="num">0.790 ± 0.05</td>' || fail "model AUC with its interval"
flat rep/model.html | grep -q 'baseline: the words alone</th><td class="num">0.74</td><td class="num">0.71</td>' || fail "words baseline"
flat rep/model.html | grep -q 'baseline: page + channel alone</th><td class="num">0.55</td>' || fail "page baseline"
contains rep/model.html "an AUC is good to about ±0.05"
lacks rep/model.html "e+03"
contains rep/model.html ">5340<"
exit 0
