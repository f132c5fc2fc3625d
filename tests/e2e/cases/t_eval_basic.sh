# eval: figures, ties, disagreements, kappa and JSON on hand-checked labels.
# The detector's verdicts are written into the tables that `leadqa score`
# fills, so that every figure below is known: eval --stored reads them.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_DB=$PWD/leadqa.db

expect_status 0 "$LEADQA" ingest "$FIXTURES/eval/chats.xml" "$FIXTURES/eval/labels.xml"

# before score ran: --stored has nothing to compare
expect_status 1 "$LEADQA" eval --stored
contains err "run leadqa score first"

sql "INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at)
       SELECT id, content_hash, 0, 0, 0, 0 FROM dialogues;
     INSERT INTO findings(dialogue_id, kind, seq, turns, cue, reason_en, reason_ru) VALUES
       ('ev-01', 'premature-cross-sell', 1, '1,2', 'скидка', 'offer at turn 2 before the problem of turn 1 was solved', ''),
       ('ev-02', 'missed-escalation', 1, '3,5', 'human', 'asked for a person at turn 3, no handoff', ''),
       ('ev-03', 'premature-cross-sell', 1, '4', 'тариф', 'offer at turn 4, problem never resolved', ''),
       ('hx-07', 'premature-cross-sell', 1, '1,2', 'upgrade', 'offer at turn 2 while the charge was open', '');
     INSERT INTO turn_tags(dialogue_id, n, tag, cue) VALUES
       ('ev-01', 2, 'cross-sell-offer', 'скидка'), ('ev-01', 3, 'escalation-request', 'оператор'),
       ('ev-03', 4, 'cross-sell-offer', 'тариф'), ('ev-03', 1, 'frustration', 'x'),
       ('hx-07', 2, 'cross-sell-offer', 'upgrade');"

expect_status 0 "$LEADQA" eval --stored
cp out table.txt
contains table.txt "labeled dialogues: 7 (5 with 2+ trainers), evaluated 7"
# premature: TP ev-01 hx-07, FP ev-03, TN 4; ev-05 is a 1-1 tie (counted as no)
grep -E '^premature-cross-sell +2 +1 +0 +4 +0\.667 +1\.000 +0\.800 +1$' table.txt >/dev/null ||
	fail "premature row wrong: $(grep ^premature table.txt)"
grep -E '^missed-escalation +1 +0 +0 +6 +1\.000 +1\.000 +1\.000 +0$' table.txt >/dev/null ||
	fail "missed row wrong: $(grep ^missed table.txt)"
# context lost: only trainers who tagged turns have an opinion: 5 dialogues
grep -E '^handoff-context-lost +0 +0 +1 +4 +0\.000 +0\.000 +0\.000 +0$' table.txt >/dev/null ||
	fail "context-lost row wrong: $(grep ^handoff-context-lost table.txt | head -1)"
contains table.txt "disagreements to review: 2"
grep -E '^ev-03 +premature-cross-sell +yes +no 0/2 +4 +offer at turn 4' table.txt >/dev/null ||
	fail "ev-03 disagreement missing"
grep -E '^ev-04 +handoff-context-lost +no +yes 2/2 +- +-$' table.txt >/dev/null ||
	fail "ev-04 disagreement missing"
# anna/boris share 5 dialogues: premature yy 1, yn 1, nn 3 -> kappa 0.545
grep -E '^anna / boris +5 ' table.txt | grep -F "0.545" >/dev/null || fail "kappa of anna/boris"

expect_status 0 "$LEADQA" eval --stored --json --csv dis.csv
python3 -m json.tool out >/dev/null || fail "eval --json is not JSON"
python3 - out <<'PY' || fail "JSON figures"
import json, sys
j = json.load(open(sys.argv[1]))
f = j["findings"]["premature-cross-sell"]
assert (f["tp"], f["fp"], f["fn"], f["tn"], f["ties"]) == (2, 1, 0, 4, 1), f
assert abs(f["f1"] - 0.8) < 1e-3
t = j["tags"]["cross-sell-offer"]
assert (t["tp"], t["fp"], t["fn"]) == (3, 0, 0), t
t = j["tags"]["frustration"]
assert (t["tp"], t["fp"], t["fn"]) == (0, 1, 1), t
assert j["turn_dialogues"] == 5 and j["labeled"] == 7 and j["multi_trainer"] == 5
p = j["agreement"]["pairs"]
assert len(p) == 1 and p[0]["a"] == "anna" and p[0]["b"] == "boris", p
assert abs(p[0]["premature-cross-sell"]["kappa"] - 0.5454) < 1e-3
assert abs(p[0]["missed-escalation"]["kappa"] - 1.0) < 1e-6
assert p[0]["handoff-context-lost"]["kappa"] is None
d = j["disagreements"]
assert [(x["dialogue"], x["finding"]) for x in d] == [("ev-03", "premature-cross-sell"), ("ev-04", "handoff-context-lost")], d
assert d[0]["detector"] is True and d[0]["trainers"] is False and d[0]["turns"] == "4"
PY
contains dis.csv 'dialogue_id,finding,detector,trainers'
contains dis.csv '"ev-04",handoff-context-lost,no,yes,2,0'

# a held-out subset by id pattern
expect_status 0 "$LEADQA" eval --stored --dialogues 'hx-*' --json
python3 - out <<'PY' || fail "held-out subset"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["labeled"] == 1 and j["evaluated"] == 1
f = j["findings"]["premature-cross-sell"]
assert (f["tp"], f["fp"], f["fn"], f["tn"]) == (1, 0, 0, 0), f
PY
expect_status 1 "$LEADQA" eval --stored --dialogues 'nothing-*'
contains err "no trainer labels on dialogues matching 'nothing-*'"
expect_status 2 "$LEADQA" eval --limit x
expect_status 0 "$LEADQA" eval --stored --limit 1
contains out "disagreements to review: 2 (first 1"
lacks out "ev-04 "

# the default: eval runs the detector itself (lexicons from ./models), so it
# needs no score run; the unmistakable missed escalation of ev-02 is found
mkdir models && cp "$ROOT"/models/lexicon-*.txt models/
expect_status 0 "$LEADQA" eval --json
python3 - out <<'PY' || fail "live eval"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["source"] == "lexicon" and j["evaluated"] == 7, (j["source"], j["evaluated"])
assert j["turn_classifiers"] is None
assert not any(d["dialogue"] == "ev-02" and d["finding"] == "missed-escalation" for d in j["disagreements"])
assert j["findings"]["missed-escalation"]["tp"] == 1
PY
expect_status 1 "$LEADQA" eval --models nowhere
