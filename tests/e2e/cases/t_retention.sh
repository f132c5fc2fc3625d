# Retention in the night: with retain_text_days and retain_scores_days set,
# a dialogue older than the first loses its turns and events but keeps its
# score and findings; one older than the second goes whole, its labels
# staying; the space goes back to the file system; the data-quality page
# says what was dropped; the next night looks only at what has aged since;
# and the same old dialogues exported again are loaded again, as new.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
"$TOOLS/gen_corpus" --seed 5 --dialogues 400 --days 300 --start 2026-11-23 \
	--no-deals --out gen 2>/dev/null || fail "gen_corpus"
mkdir inbox
cp gen/transcripts-01.xml inbox/
printf 'inbox = inbox\nout = nout\nretain_text_days = 60\nretain_scores_days = 100\n' > night.conf

# the first night loads and scores; nothing is old enough to have been scored before
export LEADQA_NOW=2026-11-24T03:00:00Z
expect_status 0 "$LEADQA" --db night.db nightly --config night.conf --model-dir models --lexicons "$ROOT/models"
[ "$(sql 'SELECT count(*) FROM dialogues')" = 400 ] || fail "not all loaded"
second=$(date -u -d 2026-11-25T03:00:00Z +%s)
text_cut=$((second - 60 * 86400))
score_cut=$((second - 100 * 86400))
old_text=$(sql "SELECT count(*) FROM dialogues WHERE started >= $score_cut AND started < $text_cut")
old_whole=$(sql "SELECT count(*) FROM dialogues WHERE started < $score_cut")
[ "$old_text" -gt 0 ] && [ "$old_whole" -gt 0 ] || fail "the corpus has no old dialogues ($old_text, $old_whole)"
# a trainer's labels on some of the oldest dialogues
sql "INSERT INTO labels(dialogue_id, trainer, premature, missed) SELECT id, 'trainer-1', 'no', 'no'
     FROM dialogues WHERE started < $score_cut ORDER BY id LIMIT 5"
labels=$(sql 'SELECT count(*) FROM labels')
[ "$labels" = 5 ] || fail "labels: $labels"
findings_kept=$(sql "SELECT count(*) FROM findings f JOIN dialogues d ON d.id = f.dialogue_id
		     WHERE d.started >= $score_cut AND d.started < $text_cut")
sql "SELECT dialogue_id, lead_score, premature, missed FROM scores s JOIN dialogues d ON d.id = s.dialogue_id
     WHERE d.started >= $score_cut AND d.started < $text_cut ORDER BY 1" > scores-before.txt

# the second night applies retention first
rm inbox/*
export LEADQA_NOW=2026-11-25T03:00:00Z
expect_status 0 "$LEADQA" --db night.db nightly --config night.conf --model-dir models --lexicons "$ROOT/models"
contains err "retention: turns and events of $old_text dialogues dropped"
contains err "$old_whole dialogues dropped whole"
[ "$(sql "SELECT count(*) FROM dialogues WHERE started < $score_cut")" = 0 ] || fail "old dialogues kept"
[ "$(sql 'SELECT count(*) FROM labels')" = "$labels" ] || fail "labels dropped"
[ "$(sql "SELECT count(*) FROM dialogues WHERE started < $text_cut AND turns_pack IS NOT NULL")" = 0 ] \
	|| fail "old turns kept"
[ "$(sql "SELECT count(*) FROM events e JOIN dialogues d ON d.id = e.dialogue_id WHERE d.started < $text_cut")" = 0 ] \
	|| fail "old events kept"
[ "$(sql "SELECT count(*) FROM turn_packs")" = "$(sql "SELECT count(*) FROM dialogues WHERE turns_pack IS NOT NULL")" ] \
	|| fail "packs left behind"
[ "$(sql "SELECT count(*) FROM findings f JOIN dialogues d ON d.id = f.dialogue_id
	  WHERE d.started >= $score_cut AND d.started < $text_cut")" = "$findings_kept" ] || fail "findings dropped"
sql "SELECT dialogue_id, lead_score, premature, missed FROM scores s JOIN dialogues d ON d.id = s.dialogue_id
     WHERE d.started >= $score_cut AND d.started < $text_cut ORDER BY 1" > scores-after.txt
same scores-before.txt scores-after.txt
# nothing rescored: the scores still match their dialogues
contains err "score: 0 dialogues"
[ "$(sql 'PRAGMA freelist_count')" = 0 ] || fail "the space was not given back"
page=nout/reports/2026-11-25/quality.html
contains $page "Retention"
tr -d '\n' < $page | grep -q "Dialogues whose turns and events were dropped</th> *<td class=\"num\">$old_text</td>" \
	|| fail "the data-quality page does not say what was dropped"

# the third night: nothing more has aged past the limits
export LEADQA_NOW=2026-11-25T04:00:00Z
expect_status 0 "$LEADQA" --db night.db nightly --config night.conf --model-dir models --lexicons "$ROOT/models"
contains err "retention: turns and events of 0 dialogues dropped (0 events), 0 dialogues dropped whole"

# the same file exported again (other bytes): the dropped dialogues come back, as new
{ head -1 gen/transcripts-01.xml; echo '<!-- exported again -->'; tail -n +2 gen/transcripts-01.xml; } > inbox/again.xml
expect_status 0 "$LEADQA" --db night.db ingest inbox/again.xml
contains err "loaded $((old_text + old_whole)) new dialogues, 0 replaced"
[ "$(sql 'SELECT count(*) FROM dialogues WHERE turns_pack IS NULL')" = 0 ] || fail "turns not loaded again"
exit 0
