# Turns per dialogue are bounded (max_turns_per_dialogue, default 20000):
# a longer dialogue is skipped whole and named as an input problem with its
# file and line, the rest of the file loads, and the night goes on (exit 3).
# One runaway transcript once held the night: scoring was quadratic in a
# dialogue's turns (160,000 turns: 53 s and 604 MB).
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
mkdir inbox
gen() { # gen ID TURNS: one dialogue
	printf '  <dialogue id="%s" channel="web" lang="ru" started="2026-11-26T09:00:00Z">\n' "$1"
	printf '    <contact email="%s@example.org"/>\n' "$1"
	awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++)
		printf "    <turn speaker=\"%s\" at=\"2026-11-26T09:00:00Z\">реплика %d</turn>\n", i % 2 ? "bot" : "client", i }'
	printf '  </dialogue>\n'
}
{ echo '<dialogues source="x" exported="2026-11-26T23:00:00Z">'; gen small 4; gen big 150; gen after 6; echo '</dialogues>'; } > inbox/chats.xml
printf 'inbox = inbox\nout = nout\ndb = night.db\nmax_turns_per_dialogue = 100\n' > night.conf
export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 3 "$LEADQA" nightly --config night.conf --model-dir models --lexicons "$ROOT/models"
contains err "inbox/chats.xml:"
contains err "more than 100 turns (max_turns_per_dialogue); dialogue skipped"
[ "$(sql 'SELECT group_concat(id) FROM (SELECT id FROM dialogues ORDER BY id)')" = "after,small" ] \
	|| fail "dialogues: $(sql 'SELECT id FROM dialogues')"
sql "SELECT message FROM input_problems" | grep -q "max_turns_per_dialogue" || fail "not recorded as an input problem"
# the default bound, by ingest itself
{ echo '<dialogues source="x" exported="2026-11-26T23:00:00Z">'; gen huge 20001; echo '</dialogues>'; } > huge.xml
expect_status 3 "$LEADQA" --db other.db ingest huge.xml
contains err "more than 20000 turns (max_turns_per_dialogue)"
expect_status 0 "$LEADQA" --db other2.db ingest --max-turns 30000 huge.xml
exit 0
