# The export is valid UTF-8 whatever the database holds: a long Cyrillic
# download item was cut mid-character into top_factors (a 64-byte copy), and
# a strict CRM importer rejects the whole file for one bad byte.  Bytes that
# begin no valid character become U+FFFD; the rest of the cell stays.
DB=f.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-12-02T00:00:00Z
"$LEADQA" --db f.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db f.db export --out - >/dev/null 2>&1   # creates the schema
sqlite3 f.db < "$FIXTURES/night/export/scored.sql" || fail "fixture did not load"
# what the old cut stored: "downloaded " and 63 bytes of a Cyrillic name
cut=$(printf 'downloaded %s' "Прайслисттарифовдлякорпоративныхклиентовнаквартал" | head -c 74)
sql "UPDATE scores SET top_factors = CAST(X'$(printf '%s' "$cut" | od -An -tx1 | tr -d ' \n')' AS TEXT) || '; asked questions'
     WHERE dialogue_id = 'chat-0101'"
iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 < <(sql "SELECT top_factors FROM scores WHERE dialogue_id = 'chat-0101'") \
	&& fail "the fixture's cell is valid UTF-8: nothing tested"
expect_status 0 "$LEADQA" --db f.db export --out leads.csv
iconv -f UTF-8 -t UTF-8 leads.csv >/dev/null || fail "the export is not valid UTF-8"
contains leads.csv "downloaded Прайслисттарифовдлякорпоративн"
contains leads.csv "$(printf '\xef\xbf\xbd'); asked questions"
exit 0
