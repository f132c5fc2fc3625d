# A finding belongs to the speaker of its evidence: in a handed-over
# dialogue the bot's premature offer before the handoff is the bot's, not
# the operator's, and the performer table counts the dialogue for both.
# It once gave the whole dialogue, offer included, to its operator.
source "$ROOT/tests/e2e/lib.sh"
cat > chats.xml <<'XML'
<dialogues source="shop">
  <dialogue id="h-1" channel="web" page="/tariffs" lang="ru" started="2026-11-26T09:00:00Z">
    <turn speaker="client" at="2026-11-26T09:00:00Z">Не могу войти в личный кабинет</turn>
    <turn speaker="bot" agent="Ava" at="2026-11-26T09:00:04Z">Кстати, у нас новый тариф «Премиум» со скидкой!</turn>
    <turn speaker="client" at="2026-11-26T09:01:00Z">Соедините с оператором</turn>
    <event type="handoff" at="2026-11-26T09:01:05Z" to="op-7"/>
    <turn speaker="operator" agent="op-7" at="2026-11-26T09:02:00Z">Здравствуйте! Сбросил пароль, попробуйте войти.</turn>
    <turn speaker="client" at="2026-11-26T09:03:00Z">Получилось, спасибо</turn>
  </dialogue>
  <dialogue id="b-1" channel="web" page="/tariffs" lang="ru" started="2026-11-26T10:00:00Z">
    <turn speaker="client" at="2026-11-26T10:00:00Z">Сколько стоит годовой тариф?</turn>
    <turn speaker="bot" agent="Ava" at="2026-11-26T10:00:02Z">Годовой тариф стоит 12 000 ₽.</turn>
  </dialogue>
</dialogues>
XML
export LEADQA_NOW=2026-11-27T03:00:00Z
expect_status 0 "$LEADQA" --db leadqa.db ingest chats.xml
expect_status 0 "$LEADQA" --db leadqa.db score
[ "$(sql "SELECT count(*) FROM findings WHERE dialogue_id='h-1' AND kind='premature-cross-sell'")" = 1 ] \
	|| fail "the detector no longer flags the offer; the case needs another"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
row() { tr -d '\n' < rep/index.html | grep -o "<th scope=\"row\">$1</th>[^/]*</td><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td>" | head -1; }
bot=$(row "bot · Ava")
op=$(row "operator · op-7")
[ -n "$bot" ] && [ -n "$op" ] || fail "performer rows missing"
# the bot took part in both dialogues and made the one premature offer
echo "$bot" | grep -q '>2</td><td[^>]*>1 · 50.0%</td>' || fail "bot row: $bot"
# the operator took part in one and made none
echo "$op" | grep -q '>1</td><td[^>]*>0 · 0.0%</td>' || fail "operator row: $op"
exit 0
