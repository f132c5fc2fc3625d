# Trainer label files are checked like every other input: each bad value is
# named with file, line and the values allowed, the <labeled> holding it is
# skipped whole (exit 3), so that it never replaces the trainer's earlier
# good label; labels of unknown dialogues are kept and named, and a turn
# past the end of a loaded dialogue is named and skipped.
source "$ROOT/tests/e2e/lib.sh"
F=$FIXTURES/labels
expect_status 0 "$LEADQA" ingest "$FIXTURES/spec/example-transcripts.xml" "$FIXTURES/spec/example-labels.xml"
# every bad value, not only the first, with the valid values
expect_status 3 "$LEADQA" ingest "$F/bad-values.xml"
contains err "bad-values.xml:4: unknown turn tag 'escalation': one of cross-sell-offer, problem-stated, problem-resolved, escalation-request, frustration, handoff-context-lost"
contains err "bad-values.xml:5: bad turn number n='0': a whole number from 1"
contains err "bad-values.xml:6: bad verdict premature-cross-sell='false': yes or no"
contains err "bad-values.xml:6: bad verdict lead-quality='great': good or bad"
contains err "bad time at='yesterday': an ISO 8601 time"
contains err "2 skipped"
[ "$(sql "SELECT count(*) FROM labels WHERE trainer = 'boris' AND dialogue_id = 'web-000019'")" = 0 ] ||
	fail "a label with bad values was stored"
[ "$(sql "SELECT count(*) FROM labels WHERE trainer = 'boris' AND dialogue_id = 'web-000020'")" = 0 ] ||
	fail "a label with a bad time was stored"
[ "$(sql "SELECT count(*) FROM labels WHERE trainer = 'carl'")" = 1 ] || fail "the good label beside them was lost"
[ "$(sql "SELECT count(*) FROM input_problems WHERE path LIKE '%bad-values.xml'")" -ge 5 ] ||
	fail "the problems were not recorded"
# a later label by the same trainer with a bad verdict does not erase the
# earlier good one
expect_status 3 "$LEADQA" ingest "$F/later-bad-verdict.xml"
contains err "later-bad-verdict.xml:5: bad verdict premature-cross-sell='true': yes or no"
[ "$(sql "SELECT premature || ' ' || missed || ' ' || lead_quality FROM labels WHERE trainer = 'anna' AND dialogue_id = 'web-000017'")" = "yes no good" ] ||
	fail "anna's earlier label was replaced: $(sql "SELECT * FROM labels WHERE trainer = 'anna' AND dialogue_id = 'web-000017'")"
[ "$(sql "SELECT count(*) FROM label_turns WHERE trainer = 'anna' AND dialogue_id = 'web-000017'")" = 4 ] ||
	fail "anna's earlier turn tags were replaced"
# unknown dialogue: kept and named; a turn the dialogue does not have: skipped
expect_status 3 "$LEADQA" ingest "$F/unknown.xml"
contains err "unknown.xml: warning: 1 label names dialogues not in the database (kept for when they arrive): 'web-999999' (line 3)"
contains err "unknown.xml:6: turn n='40' is past the end of dialogue 'web-000020'"
[ "$(sql "SELECT count(*) FROM labels WHERE dialogue_id = 'web-999999'")" = 1 ] || fail "the label of an unknown dialogue was not kept"
[ "$(sql "SELECT count(*) FROM labels WHERE dialogue_id = 'web-000020' AND trainer = 'anna'")" = 0 ] ||
	fail "a label tagging a turn past the end was stored"
# labels given before their transcripts in one command: no warning
expect_status 0 "$LEADQA" --db two.db ingest "$FIXTURES/spec/example-labels.xml" "$FIXTURES/spec/example-transcripts.xml"
lacks err "not in the database"
exit 0
