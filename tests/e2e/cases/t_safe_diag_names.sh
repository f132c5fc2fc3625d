# A diagnostic is one line whatever a file name holds: a name with a line
# break could forge a line of its own ("leadqa: night ...: done").
source "$ROOT/tests/e2e/lib.sh"
name=$(printf 'bad\nleadqa: FORGED line.xml')
printf '<dialogues source="x">\n  <dialogue id="a"><turn speaker="client">hi' > "$name"
expect_status 3 "$LEADQA" --db x.db ingest "$name"
grep -q '^leadqa: FORGED' err && { cat err; fail "a file name forged a diagnostic line"; }
contains err 'bad\nleadqa: FORGED line.xml:'
exit 0
