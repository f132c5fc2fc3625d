# Personal data typed into a chat is masked on the report's pages: e-mails,
# phone numbers and Luhn-valid card numbers, in the transcript and in the
# findings' cues; an order number, a price and a date are left as typed.
# --show-personal-data (mask_personal_data = no in the night) shows them;
# the database and the CRM export keep the contact as the contract says.
DB=m.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-27T03:00:00Z
cat > chats.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dialogues source="shop-chat">
  <dialogue id="pd-1" channel="web" lang="ru" started="2026-11-26T09:00:00Z">
    <contact crm-id="K-9" email="Ivan.Petrov+shop@mail.ru" phone="+7 (912) 345-67-89"/>
    <turn speaker="client" at="2026-11-26T09:00:00Z">Не проходит оплата картой 4276 1600 1234 5675, заказ № 4521987 на 12 000 руб от 23.11.2026</turn>
    <turn speaker="bot" at="2026-11-26T09:00:04Z">Кстати, у нас новый тариф «Премиум» со скидкой!</turn>
    <turn speaker="client" at="2026-11-26T09:01:00Z">Мне нужен живой человек, позвоните 8 912 345 67 89 или ivan.petrov+shop@mail.ru</turn>
    <turn speaker="bot" at="2026-11-26T09:01:03Z">Я вас не понял. Переформулируйте, пожалуйста.</turn>
    <turn speaker="client" at="2026-11-26T09:02:00Z">Оператора позовите! +7 (912) 345-67-89</turn>
  </dialogue>
</dialogues>
XML
expect_status 0 "$LEADQA" --db m.db ingest chats.xml
expect_status 0 "$LEADQA" --db m.db score --lexicons "$ROOT/models"
[ "$(sql "SELECT count(*) FROM findings WHERE dialogue_id = 'pd-1'")" -gt 0 ] || fail "pd-1 not flagged"
expect_status 0 "$LEADQA" --db m.db report --out rep
page=$(ls rep/d/*.html | head -n 1)
[ -n "$page" ] || fail "no dialogue page"
for raw in "4276 1600 1234 5675" "8 912 345 67 89" "ivan.petrov+shop@mail.ru" "345-67-89"; do
	grep -qF -- "$raw" "$page" && fail "'$raw' shown on $page"
done
contains "$page" "**** **** **** 5675"
contains "$page" "* *** *** ** 89"
contains "$page" "i***@mail.ru"
contains "$page" "+* (***) ***-**-89"
# what is no personal data stays
contains "$page" "№ 4521987"
contains "$page" "12 000 руб от 23.11.2026"
# no page of the report shows them
grep -rlF -- "345 67 89" rep && fail "a phone number shown"

# shown when asked
expect_status 0 "$LEADQA" --db m.db report --out rep2 --show-personal-data
contains "$(ls rep2/d/*.html | head -n 1)" "8 912 345 67 89"

# the export keeps the contact's identifiers, normalised as the contract says
expect_status 0 "$LEADQA" --db m.db export --out leads.csv
contains leads.csv "K-9,ivan.petrov+shop@mail.ru,79123456789,pd-1,"
exit 0
