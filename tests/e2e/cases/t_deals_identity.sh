# A deal file links an anonymous dialogue (by dialogue_id) and a dialogue
# known only by phone into one customer, whichever file is loaded first.
source "$ROOT/tests/e2e/lib.sh"
cat > chats.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dialogues source="site-chat" exported="2026-10-02T00:00:00Z">
  <dialogue id="chat-100" channel="web" started="2026-10-01T08:55:00Z">
    <turn speaker="client" at="2026-10-01T08:55:00Z">Сколько стоит годовой тариф?</turn>
    <turn speaker="bot" at="2026-10-01T08:55:02Z">Годовой тариф стоит 12 000 рублей.</turn>
  </dialogue>
  <dialogue id="chat-101" channel="web" started="2026-10-01T12:00:00Z">
    <contact phone="+7 (903) 111-22-33"/>
    <turn speaker="client" at="2026-10-01T12:00:00Z">Хочу оформить тариф, перезвоните</turn>
  </dialogue>
  <dialogue id="chat-102" channel="web" started="2026-10-01T13:00:00Z">
    <contact email="someone.else@example.org" name="Ольга"/>
    <turn speaker="client" at="2026-10-01T13:00:00Z">Просто смотрю</turn>
  </dialogue>
</dialogues>
XML
cat > deals.csv <<'CSV'
deal_id,email,phone,stage,changed_at,changed_by,dialogue_id
K-1,Buyer@Example.org,,new,2026-10-01T09:10:00Z,bot,chat-100
K-1,,8 903 111 22 33,qualified,2026-10-02T10:00:00Z,m.petrova,
CSV
same_customer() {
	DB=$1 sql "SELECT count(DISTINCT customer_id) FROM identifiers
	           WHERE kind='dialogue' AND value IN ('chat-100','chat-101')"
}
expect_status 0 "$LEADQA" --db a.db ingest chats.xml deals.csv
expect_status 0 "$LEADQA" --db b.db ingest deals.csv chats.xml
for db in a.db b.db; do
	[ "$(same_customer $db)" = 1 ] || fail "$db: chat-100 and chat-101 are not one customer"
	[ "$(DB=$db sql "SELECT count(*) FROM identifiers WHERE value IN ('chat-100','chat-101','chat-102')")" = 3 ] ||
		fail "$db: dialogue identifiers missing"
	[ "$(DB=$db sql "SELECT count(DISTINCT customer_id) FROM identifiers WHERE kind='dialogue'")" = 2 ] ||
		fail "$db: chat-102 must stay apart"
	[ "$(DB=$db sql 'SELECT count(*) FROM customers')" = 2 ] || fail "$db: expected 2 customers"
done
