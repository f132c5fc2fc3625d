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
	"$LEADQA" --quiet --db "$1" nightly --inbox inbox --out "$2" --model-dir "$2/models" --lexicons "$ROOT/models"
}

dump() { # the tables that matter, in a fixed order, without file ids or load times
	sqlite3 -batch "$1" "
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
night ref.db refout 2>ref.err; ref_status=$?
t1=$(date +%s.%N)
[ "$ref_status" -eq 0 ] || [ "$ref_status" -eq 3 ] || { tail ref.err; fail "reference night exited $ref_status"; }
[ -f refout/exports/latest.csv ] || fail "reference night wrote no export"
dump ref.db > ref.dump
echo "reference night: $(echo "$t1 $t0" | awk '{printf "%.1f", $1 - $2}') s, $(grep -c '^S' ref.dump) scores"

# the same night, killed again and again: each run starts where the last died
kills=0
for delay in 0.05 0.1 0.15 0.2 0.3 0.4 0.5 0.7 0.9 1.2 1.5 2 2.5 3 4 5 6 8 10 13 16 20; do
	night kill.db killout 2>kill.err &
	pid=$!
	sleep "$delay"
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		kills=$((kills + 1))
		step=$(sqlite3 kill.db "SELECT 'files ' || count(*) FROM files" 2>/dev/null)
		echo "killed after ${delay}s ($step; $(ls killout/exports 2>/dev/null | tr '\n' ' '))"
		# whatever is there is whole
		for f in killout/exports/leads-*.csv; do
			[ -e "$f" ] || continue
			case $f in *.tmp-*) continue ;; esac
			tail -c 2 "$f" | od -An -c | grep -q '\\r  *\\n' || fail "$f is not whole"
		done
		if [ -L killout/reports/latest ]; then
			[ -f killout/reports/latest/index.html ] || fail "reports/latest points at an incomplete report"
		fi
	else
		wait "$pid"
		echo "run finished by itself within ${delay}s"
		break
	fi
done
[ "$kills" -ge 5 ] || fail "only $kills kills landed: the night is too short to test"

night kill.db killout 2>kill.err; st=$?
[ "$st" -eq "$ref_status" ] || { tail kill.err; fail "the finishing night exited $st, the reference $ref_status"; }
dump kill.db > kill.dump
diff ref.dump kill.dump > dump.diff || { head -20 dump.diff; fail "database differs from the uninterrupted night"; }
same refout/exports/leads-2026-11-24.csv killout/exports/leads-2026-11-24.csv
[ -f killout/reports/latest/index.html ] || fail "no report after the finishing night"
ls -a killout/exports killout/reports | grep -q 'tmp-' && fail "temporary files left: $(ls -a killout/exports killout/reports)"
echo "$kills kills, results identical"
exit 0
