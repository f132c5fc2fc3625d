# Crash safety: a night killed with SIGKILL at many moments (during ingest,
# training, scoring, the report, the export) and then run again ends with the
# same results as a night never interrupted: the same dialogues, turns,
# events, deal rows, labels, scores, findings and turn tags, and the same
# export file byte for byte ($LEADQA_NOW fixes every time stamp).
# Every kill leaves no half output: no export or report folder that is not
# whole, and the latest links point at complete outputs or at nothing.
DB=ref.db
source "$ROOT/tests/e2e/lib.sh"
[ -x "$TOOLS/gen_corpus" ] || fail "no corpus generator at $TOOLS/gen_corpus (make builds it)"
export LEADQA_NOW=2026-11-24T03:15:00Z
N=${KILL_DIALOGUES:-3000}
"$TOOLS/gen_corpus" --seed 11 --dialogues "$N" --files 3 --labels 200 --out inbox >gen.log 2>&1 \
	|| { cat gen.log; fail "gen_corpus failed"; }
ls inbox | grep -q . || fail "the generator wrote nothing"

night() { # DB OUT: one night into DB, outputs into OUT
	"$LEADQA" --quiet --db "$1" nightly --inbox inbox --out "$2" --model-dir "$2/models" \
		--lexicons "$ROOT/models" --learner liblinear
}

dump() { # the tables that matter, in a fixed order, without file ids or load times
	# (through lqsql, whose `turns` view reads compressed turn packs too)
	"$TOOLS/lqsql" "$1" "
	SELECT 'D', id, source, channel, page, lang, started, ended, crm_id, email, phone, name,
	       has_contact, n_turns, n_events, content_hash, version FROM dialogues ORDER BY id;
	SELECT 'T', dialogue_id, n, speaker, agent, at, text FROM turns ORDER BY dialogue_id, n;
	SELECT 'E', dialogue_id, seq, after_turn, type, at, target, item, attrs FROM events ORDER BY dialogue_id, seq;
	SELECT 'G', deal_id, stage, changed_at, changed_by, amount, contact_id, email, phone, dialogue_id
	       FROM deal_events ORDER BY deal_id, stage, changed_at, changed_by;
	SELECT 'L', dialogue_id, trainer, labeled_at, premature, missed, lead_quality FROM labels ORDER BY 1, 2, 3;
	SELECT 'S', dialogue_id, content_hash, lead_score, lead_grade, round(probability, 9), premature, missed,
	       context_lost, top_factors, model_version, scored_at, changed_at FROM scores ORDER BY dialogue_id;
	SELECT 'F', dialogue_id, kind, seq, turns, cue, reason_en, reason_ru, severity FROM findings ORDER BY 2, 3, 4;
	SELECT 'X', dialogue_id, n, tag, cue FROM turn_tags ORDER BY 2, 3, 4;
	SELECT 'M', version, n_train, n_pos FROM models ORDER BY version;"
}

# the night never interrupted
t0=$(date +%s.%N)
night ref.db refout >/dev/null 2>ref.err; ref_status=$?
t1=$(date +%s.%N)
[ "$ref_status" -eq 0 ] || [ "$ref_status" -eq 3 ] || { tail ref.err; fail "reference night exited $ref_status"; }
[ -f refout/exports/latest.csv ] || fail "reference night wrote no export"
dump ref.db > ref.dump
echo "reference night: $(echo "$t1 $t0" | awk '{printf "%.1f", $1 - $2}') s, $(grep -c '^S' ref.dump) scores"

# the same night, killed again and again: each run starts where the last died
kills=0
finished=0
check_whole() { # whatever the killed run left is whole
	local f
	for f in killout/exports/leads-*.csv; do
		[ -e "$f" ] || continue
		tail -c 2 "$f" | od -An -c | grep -q '\\r  *\\n' || fail "$f is not whole"
	done
	if [ -L killout/reports/latest ]; then
		[ -f killout/reports/latest/index.html ] || fail "reports/latest points at an incomplete report"
	fi
	if [ -L killout/exports/latest.csv ]; then
		[ -f killout/exports/latest.csv ] || fail "exports/latest.csv points at nothing"
	fi
}
kill_after() { # DELAY: start the night, SIGKILL it after DELAY seconds
	# started directly (not through a function) so that $! is leadqa itself
	"$LEADQA" --quiet --db kill.db nightly --inbox inbox --out killout --model-dir killout/models \
		--lexicons "$ROOT/models" --learner liblinear >/dev/null 2>kill.err &
	local pid=$!
	sleep "$1"
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		kills=$((kills + 1))
		echo "killed after $1 s: $(sqlite3 kill.db "SELECT count(*) || ' files, ' ||
			(SELECT count(*) FROM dialogues) || ' dialogues, ' || (SELECT count(*) FROM models) ||
			' models, ' || (SELECT count(*) FROM scores) || ' scores' FROM files" 2>/dev/null);" \
			"outputs: $(ls killout/exports killout/reports 2>/dev/null | tr '\n' ' ')"
		check_whole
	else
		wait "$pid"; local st=$?
		[ "$st" -eq "$ref_status" ] || { cat kill.err; fail "an unkilled run exited $st"; }
		echo "a run finished by itself within $1 s"
		finished=1
	fi
}
# during ingest and training: until a model is recorded
for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.5 0.8 1.2 1.8; do
	kill_after "$delay"
	[ "$finished" = 1 ] && break
	[ "$(sqlite3 kill.db 'SELECT count(*) FROM models' 2>/dev/null)" = 1 ] && break
done
# the moment the model is recorded (the night moves on to scoring)
if [ "$finished" = 0 ] && [ "$(sqlite3 kill.db 'SELECT count(*) FROM models' 2>/dev/null)" != 1 ]; then
	"$LEADQA" --quiet --db kill.db nightly --inbox inbox --out killout --model-dir killout/models \
		--lexicons "$ROOT/models" --learner liblinear >/dev/null 2>kill.err &
	pid=$!
	for i in $(seq 3000); do
		[ "$(sqlite3 kill.db 'SELECT count(*) FROM models' 2>/dev/null)" = 1 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1)) && echo "killed when the model was recorded"
	wait "$pid" 2>/dev/null
	check_whole
fi
# then the short nights that remain: scoring, the report, the export
if [ "$finished" = 0 ]; then
	for delay in 0.01 0.03 0.05 0.07 0.08 0.09 0.1 0.11 0.12 0.13 0.14 0.15 0.16 0.18 0.2 0.22 0.25 0.3 0.4 0.5; do
		kill_after "$delay"
		[ "$finished" = 1 ] && break
	done
fi
[ "$kills" -ge 10 ] || fail "only $kills kills landed: the night is too short to test"

night kill.db killout >/dev/null 2>kill.err; st=$?
[ "$st" -eq "$ref_status" ] || { tail kill.err; fail "the finishing night exited $st, the reference $ref_status"; }
dump kill.db > kill.dump
diff ref.dump kill.dump > dump.diff || { head -20 dump.diff; fail "database differs from the uninterrupted night"; }
same refout/exports/leads-2026-11-24.csv killout/exports/leads-2026-11-24.csv
[ -f killout/reports/latest/index.html ] || fail "no report after the finishing night"
ls -a killout/exports killout/reports | grep -q 'tmp-' && fail "temporary files left: $(ls -a killout/exports killout/reports)"
echo "$kills kills, results identical"
exit 0
