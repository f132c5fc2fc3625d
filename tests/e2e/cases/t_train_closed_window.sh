# Training learns only from outcomes free to go either way.  A recent
# dialogue can already be qualified but not yet "not qualified", so learning
# from open windows inflates every score.  On a generated history judged at
# AS_OF, the mean predicted probability of the last 30 days' dialogues must
# come within 0.05 of the qualified rate the same dialogues show once their
# window has closed (the generator's CRM export runs 30 days past AS_OF);
# with only 30 days of history, train refuses and says why.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
LATER=2026-12-25T03:00:00Z
lex=(--lexicons "$ROOT/models")
"$TOOLS/gen_corpus" --seed 41 --dialogues 900 --days 120 --start 2026-12-24 --out c 2>/dev/null ||
	fail "gen_corpus"
expect_status 0 "$LEADQA" --db leadqa.db ingest c/deals-1.csv c/deals-2.csv c/transcripts-01.xml
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m "${lex[@]}" --learner liblinear --no-baselines
contains out "left out "
contains out "-day window is still open"
expect_status 0 "$LEADQA" --db leadqa.db score "${lex[@]}" --model-dir m
asof=$(date -d "$LEADQA_NOW" +%s)
sql "SELECT d.id, s.probability FROM dialogues d JOIN scores s ON s.dialogue_id = d.id
     WHERE d.started > $asof - 30 * 86400 AND d.started <= $asof AND d.has_contact = 1" |
	tr '|' , | sort > recent.csv
# the same dialogues' labels once their window has closed (train --dump: "+1 ..." / "-1 ...")
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir later "${lex[@]}" --learner liblinear \
	--no-baselines --c 1 --folds 2 --as-of "$LATER" --dump later.txt
paste -d, later.txt.ids <(cut -d' ' -f1 later.txt) | sort > later.csv
join -t, recent.csv later.csv | awk -F, '{ p += $2; q += ($3 > 0); n++ }
	END { d = p / n - q / n; printf "%d recent: mean predicted %.4f, qualified later %.4f\n", n, p / n, q / n;
	      exit !(n >= 100 && d < 0.05 && d > -0.05) }' > cmp || { cat cmp >&2; fail "scores off the later rate"; }
cat cmp

# 30 days of history, 30-day window: nothing has closed, so no model
mkdir young
"$TOOLS/gen_corpus" --seed 42 --dialogues 300 --days 60 --start 2026-12-24 --out young/c 2>/dev/null ||
	fail "gen_corpus"
DB=young/leadqa.db
expect_status 0 "$LEADQA" --db "$DB" ingest young/c/deals-1.csv young/c/deals-2.csv young/c/transcripts-01.xml
expect_status 1 "$LEADQA" --db "$DB" train --model-dir young/m "${lex[@]}" --learner liblinear --no-baselines
contains err "too little closed history to train"
contains err "window is still open"
[ ! -d young/m ] || [ -z "$(ls young/m)" ] || fail "a model was written"
