# A dialogue dated after the run's now (started="2099-01-01") is a data
# problem: named with its file and line, listed on the data-quality page,
# and kept out of the report's nights; it once became "the night" with one
# dialogue.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" inbox/
cat > inbox/future.xml <<XML
<dialogues source="shop" exported="2026-11-26T23:30:00Z">
  <dialogue id="f-1" channel="web" lang="ru" started="2099-01-01">
    <contact crm-id="F-1"/>
    <turn speaker="client" at="2099-01-01T00:00:00Z">Здравствуйте</turn>
  </dialogue>
</dialogues>
XML
export LEADQA_NOW=2026-11-27T03:15:00Z
"$LEADQA" --db night.db nightly --inbox inbox --out nout --model-dir models --lexicons "$ROOT/models" >out 2>err
contains err "inbox/future.xml:2: dialogue 'f-1' starts at 2099-01-01T00:00:00Z, after this run's now (2026-11-27T03:15:00Z)"
contains err "(night 2026-11-26)"
lacks nout/reports/latest/index.html "2099-01-01"
grep -l "f-1" nout/reports/latest/*.html | grep -qv quality && fail "the future dialogue is on a page of the night"
contains nout/reports/latest/quality.html "after this run"
exit 0
