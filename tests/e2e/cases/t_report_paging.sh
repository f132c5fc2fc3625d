# Many flagged dialogues: the list is paginated by severity, the dialogue
# pages are capped and the page says so.
source "$ROOT/tests/e2e/lib.sh"
# report only reads: a command that writes makes the database
expect_status 0 "$LEADQA" --db leadqa.db score
expect_status 0 "$LEADQA" --db leadqa.db report --out empty
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
     INSERT INTO dialogues(id, channel, page, lang, started, has_contact, content_hash, ingested_at)
     SELECT printf('d-%03d', i), 'web', '/p' || (i % 3), 'en', 1798621200 + i, 0, 'h', 0 FROM n;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
     INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at)
     SELECT printf('d-%03d', i), 'h', 1, 0, 0, 0 FROM n;
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
     INSERT INTO findings(dialogue_id, kind, seq, turns, reason_en, reason_ru, severity)
     SELECT printf('d-%03d', i), 'premature-cross-sell', 1, '1', 'offer ' || i, 'предложение', i / 1000.0 FROM n;"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --max-pages 40 --per-page 100
for p in 1 2 3; do [ -s rep/flagged-$p.html ] || fail "no flagged-$p.html"; done
[ ! -e rep/flagged-4.html ] || fail "too many list pages"
[ "$(ls rep/d | wc -l)" -eq 40 ] || fail "dialogue pages not capped at 40: $(ls rep/d | wc -l)"
# most severe first: d-250 leads page 1, d-001 ends page 3
first=$(grep -o 'offer [0-9]*' rep/flagged-1.html | head -1)
[ "$first" = "offer 250" ] || fail "page 1 starts with '$first'"
grep -q 'offer 1<' rep/flagged-3.html || fail "least severe not on the last page"
contains rep/flagged-1.html "250 dialogues"
# on a phone each row is a card whose cells name their column (the reasons
# once hid behind a sideways scroll)
contains rep/flagged-1.html 'class="flaglist"'
contains rep/flagged-1.html 'nth-child(7)::before{content:"Reasons: "}'
expect_status 0 "$LEADQA" --db leadqa.db report --out capped --max-flagged 120
[ -e capped/flagged-2.html ] && [ ! -e capped/flagged-3.html ] || fail "max-flagged not applied"
contains capped/flagged-1.html "--max-flagged"
