# export --per-contact: one row per contact (a customer of the merged
# identity, or a lone dialogue with a contact), its newest scored dialogue,
# the same columns as that dialogue's row in the per-dialogue export.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
expect_status 0 "$LEADQA" --db leadqa.db ingest "$ROOT"/corpora/sample/*
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models" --model-dir none
expect_status 0 "$LEADQA" --db leadqa.db export --out all.csv
expect_status 0 "$LEADQA" --db leadqa.db export --out contacts.csv --per-contact
[ "$(head -1 contacts.csv)" = "$(head -1 all.csv)" ] || fail "headers differ"
# the contacts, and each one's newest dialogue, computed here in SQL
sql "SELECT CASE WHEN c.customer_id IS NULL THEN 'd' || d.id ELSE 'c' || c.customer_id END AS k,
	    d.id, coalesce(d.started, -1) FROM scores s JOIN dialogues d ON d.id = s.dialogue_id
     LEFT JOIN identifiers c ON c.kind = 'dialogue' AND c.value = d.id
     WHERE d.has_contact = 1 OR c.customer_id IS NOT NULL" |
	sort -t'|' -k1,1 -k3,3n -k2,2 | awk -F'|' '{ last[$1] = $2 } END { for (k in last) print last[k] }' |
	sort > newest.txt
n_contacts=$(wc -l < newest.txt)
n_dialogues=$(($(wc -l < all.csv) - 1))
[ "$n_contacts" -lt "$n_dialogues" ] || fail "the sample should have contacts with several dialogues"
[ "$(($(wc -l < contacts.csv) - 1))" = "$n_contacts" ] ||
	fail "$(($(wc -l < contacts.csv) - 1)) rows for $n_contacts contacts"
# the dialogue of each row is the contact's newest (column 4), rows in id order
tail -n +2 contacts.csv | cut -d, -f4 > chosen.txt
sort -c chosen.txt || fail "rows not in dialogue id order"
same newest.txt chosen.txt
# each row is that dialogue's row of the per-dialogue export, byte for byte
grep -F -x -f <(tail -n +2 contacts.csv) all.csv > matched.csv || true
[ "$(wc -l < matched.csv)" = "$n_contacts" ] || fail "a per-contact row differs from its dialogue's row"
# replacing the per-dialogue file by the smaller per-contact one needs --force
expect_status 1 "$LEADQA" --db leadqa.db export --out all.csv --per-contact
expect_status 0 "$LEADQA" --db leadqa.db export --out all.csv --per-contact --force
same contacts.csv all.csv
