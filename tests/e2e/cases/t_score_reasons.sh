# Every top_factors cell of a generated night is made of reasons a manager
# can read: up to three, each "+ " or "− " and a phrase of the dictionary
# (tools/reason_phrases, counts as N), never a stem or a stop word, valid
# UTF-8; Russian dialogues get Russian reasons; the export carries them.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
lex=(--lexicons "$ROOT/models")
"$TOOLS/gen_corpus" --seed 77 --dialogues 500 --days 90 --out c 2>/dev/null || fail "gen_corpus"
"$TOOLS/reason_phrases" > phrases.txt || fail "reason_phrases"
expect_status 0 "$LEADQA" --db leadqa.db ingest c/deals-1.csv c/deals-2.csv c/transcripts-01.xml
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m "${lex[@]}" --learner liblinear --no-baselines --c 0.25 --folds 3
expect_status 0 "$LEADQA" --db leadqa.db score "${lex[@]}" --model-dir m
sql "SELECT top_factors FROM scores WHERE lead_score IS NOT NULL" > cells.txt
[ "$(wc -l < cells.txt)" -ge 400 ] || fail "too few scored dialogues"
iconv -f UTF-8 -t UTF-8 cells.txt > /dev/null || fail "a cell is not valid UTF-8"
# one reason a line: at most three a cell, each a sign and a known phrase
awk -F'; ' 'NF > 3 { print "more than three reasons: " $0; bad = 1 }
	{ for (i = 1; i <= NF; i++) print $i > "reasons.txt" } END { exit bad }' cells.txt ||
	fail "a cell holds more than three reasons"
[ -s reasons.txt ] || fail "no reasons at all"
grep -v -E '^(\+|−) ' reasons.txt > unsigned.txt && fail "reasons without a direction: $(head -3 unsigned.txt)"
sed -E 's/^(\+|−) //; s/[0-9]+/N/g' reasons.txt | sort -u > used.txt
sort -u phrases.txt > known.txt
comm -23 used.txt known.txt > unknown.txt
[ ! -s unknown.txt ] || fail "phrases not in the dictionary: $(head -5 unknown.txt | tr '\n' '|')"
grep -q '^+ ' reasons.txt || fail "no reason raised a score"
grep -q '^− ' reasons.txt || fail "no reason lowered a score"
# the language follows the dialogue's
sql "SELECT s.top_factors FROM scores s JOIN dialogues d ON d.id = s.dialogue_id
     WHERE d.lang = 'ru' AND s.top_factors != ''" > ru.txt
sql "SELECT s.top_factors FROM scores s JOIN dialogues d ON d.id = s.dialogue_id
     WHERE d.lang = 'en' AND s.top_factors != ''" > en.txt
[ -s ru.txt ] && [ -s en.txt ] || fail "the night should have both languages"
grep -q '[a-z]' ru.txt && fail "English in a Russian dialogue's reasons: $(grep '[a-z]' ru.txt | head -1)"
grep -q '[а-я]' en.txt && fail "Russian in an English dialogue's reasons: $(grep '[а-я]' en.txt | head -1)"
# --lang sets one language for all
expect_status 0 "$LEADQA" --db leadqa.db score "${lex[@]}" --model-dir m --all --lang en
sql "SELECT top_factors FROM scores" | grep -q '[а-я]' && fail "--lang en left Russian reasons"
# the export carries them (a cell starting with + gets the formula guard)
expect_status 0 "$LEADQA" --db leadqa.db export --out leads.csv
grep -q "'+ " leads.csv || fail "export lacks a guarded '+ reason"
