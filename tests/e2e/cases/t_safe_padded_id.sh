# A dialogue id padded with a blank or an invisible character is refused
# (named, with file and line; the rest of the file loads): stored as its own
# dialogue, "victim-1<ZWSP>" was trimmed by the identity code into the
# victim's id, and the victim's export row carried the attacker's crm-id.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
mkdir inbox
zw=$(printf '\xe2\x80\x8b')
cat > inbox/victim.xml <<XML
<dialogues source="shop" exported="2026-11-26T23:00:00Z">
  <dialogue id="victim-1" channel="web" lang="ru" started="2026-11-26T09:00:00Z">
    <contact crm-id="V-1" email="victim@example.org"/>
    <turn speaker="client" at="2026-11-26T09:00:00Z">Сколько стоит тариф?</turn>
  </dialogue>
</dialogues>
XML
cat > inbox/z-attacker.xml <<XML
<dialogues source="shop" exported="2026-11-26T23:30:00Z">
  <dialogue id="victim-1$zw" channel="web" lang="ru" started="2026-11-26T10:00:00Z">
    <contact crm-id="A-666" email="attacker@example.net"/>
    <turn speaker="client" at="2026-11-26T10:00:00Z">Здравствуйте</turn>
  </dialogue>
  <dialogue id=" victim-1" channel="web" lang="ru" started="2026-11-26T10:05:00Z">
    <contact crm-id="A-667"/>
    <turn speaker="client" at="2026-11-26T10:05:00Z">Здравствуйте</turn>
  </dialogue>
  <dialogue id="other-2" channel="web" lang="ru" started="2026-11-26T11:00:00Z">
    <contact crm-id="O-2"/>
    <turn speaker="client" at="2026-11-26T11:00:00Z">Добрый день</turn>
  </dialogue>
</dialogues>
XML
export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 3 "$LEADQA" --db night.db nightly --inbox inbox --out nout --model-dir models --lexicons "$ROOT/models"
contains err "inbox/z-attacker.xml:2: dialogue 'victim-1"
contains err "inbox/z-attacker.xml:6: dialogue ' victim-1': its id begins or ends with a blank"
[ "$(sql 'SELECT group_concat(id) FROM (SELECT id FROM dialogues ORDER BY id)')" = "other-2,victim-1" ] \
	|| fail "dialogues: $(sql 'SELECT quote(id) FROM dialogues')"
csv=nout/exports/latest.csv
grep -q '^V-1,victim@example.org,,victim-1,' $csv || { cat $csv; fail "the victim's row lost its own contact"; }
lacks $csv "A-666"
lacks $csv "A-667"
exit 0
