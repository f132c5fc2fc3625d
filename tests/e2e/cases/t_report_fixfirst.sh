# "What to fix first": the night's findings grouped by finding x cue family
# x page, the group touching the most customers first (a customer with two
# dialogues counts once), with the night before, the worst dialogues linked,
# and every reason of a dialogue on the flagged list.  Every dialogue page
# written is linked from some page (once 100 "best lead" pages were not).
source "$ROOT/tests/e2e/lib.sh"
expect_status 0 "$LEADQA" --db leadqa.db score
T=1798588800   # 2026-12-30T00:00:00Z
sql "INSERT INTO dialogues(id, channel, page, lang, started, has_contact, content_hash, ingested_at) VALUES
  ('a-1','web','/a','en',$T+3600,0,'h',0), ('a-2','web','/a','en',$T+7200,0,'h',0),
  ('a-3','web','/a','en',$T+9000,0,'h',0), ('b-1','web','/b','en',$T+3600,0,'h',0),
  ('b-2','web','/b','en',$T+4000,0,'h',0), ('b-3','web','/b','en',$T+4100,0,'h',0),
  ('l-1','web','/a','en',$T+5000,1,'h',0), ('old-1','web','/b','en',$T-50000,0,'h',0);
INSERT INTO customers(id, created_at) VALUES (1, 0);
INSERT INTO identifiers(kind, value, customer_id) VALUES ('dialogue','b-1',1), ('dialogue','b-2',1);
INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at, lead_score, lead_grade)
  SELECT id, 'h', id LIKE 'a-%', id LIKE 'b-%' OR id = 'old-1', 0, 0, CASE id WHEN 'l-1' THEN 91 END,
         CASE id WHEN 'l-1' THEN 'A' END FROM dialogues;
INSERT INTO findings(dialogue_id, kind, seq, turns, cue, reason_en, reason_ru, severity) VALUES
  ('a-1','premature-cross-sell',1,'2','lexicon-en.txt:14 offer \"special offer\"','offer one','о1',0.7),
  ('a-2','premature-cross-sell',1,'2','lexicon-ru.txt:10 offer \"скидка\"','offer two','о2',0.5),
  ('a-3','premature-cross-sell',1,'2','lexicon-en.txt:703 proposal \"by the way\"','hint three','н3',0.5),
  ('a-3','missed-escalation',1,'1','bot-failure: 2 or more turns','second reason of a-3','в3',0.9),
  ('b-1','missed-escalation',1,'1','bot-failure: 2 or more turns','fail one','с1',0.8),
  ('b-2','missed-escalation',1,'1','bot-failure: 2 or more turns','fail two','с2',0.6),
  ('b-3','missed-escalation',1,'1','bot-failure: 2 or more turns','fail three','с3',0.6),
  ('old-1','missed-escalation',1,'1','bot-failure: 2 or more turns','old fail','сс',0.6);"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
flat() { tr -d '\n' < "$1"; }
rows=$(flat rep/fix.html | grep -o '<tr><th scope="row">[0-9]*</th>.*</tbody>' | sed 's#</tr>#\n#g')
# bot failures on /b: 3 dialogues of 2 customers; offers on /a: 2 dialogues,
# 2 customers (an English and a Russian lexicon: one cause); bot failure on /a: 1
echo "$rows" | sed -n 1p | grep -q 'Missed escalation</td><td>the bot failing repeatedly</td><td>/b</td><td class="num">2</td><td class="num">3</td><td class="num">1</td>' \
	|| fail "first group: $(echo "$rows" | sed -n 1p)"
echo "$rows" | sed -n 2p | grep -q 'Premature cross-sell</td><td>an offer</td><td>/a</td><td class="num">2</td><td class="num">2</td>' \
	|| fail "second group: $(echo "$rows" | sed -n 2p)"
[ "$(echo "$rows" | grep -c 'scope="row"')" = 4 ] || fail "expected 4 causes: $rows"
# the worst dialogues are linked to their pages
echo "$rows" | sed -n 1p | grep -q 'href="d/b-1-' || fail "worst example of the first group not linked"
# the flagged list shows every reason of a-3, and whose each finding is
contains rep/flagged-1.html "second reason of a-3"
contains rep/flagged-1.html "hint three"
contains rep/flagged-1.html "Severity (0.4–1) weighs a finding"
contains rep/flagged-1.html "(bot)"
# every dialogue page is linked from a page of the report
for f in rep/d/*.html; do
	grep -lq "href=\"d/$(basename "$f")\"" rep/*.html || fail "$f is linked from nowhere"
done
[ -e rep/d/l-1-*.html ] || fail "the best lead has no page"
contains rep/index.html "Best leads of the night"
exit 0
