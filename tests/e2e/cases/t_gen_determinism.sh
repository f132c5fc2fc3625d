# gen_corpus: same arguments give the same bytes; another seed or the
# held-out phrasing gives other bytes; usage errors exit 2.
source "$ROOT/tests/e2e/lib.sh"
GEN="$TOOLS/gen_corpus"
args="--dialogues 300 --files 3 --gzip --labels 80"
expect_status 0 "$GEN" --seed 42 $args --truth a.truth --out a
expect_status 0 "$GEN" --seed 42 $args --truth b.truth --out b
expect_status 0 "$GEN" --seed 43 $args --truth c.truth --out c
expect_status 0 "$GEN" --seed 42 $args --heldout --out h
for f in transcripts-01.xml.gz transcripts-02.xml.gz transcripts-03.xml.gz deals-1.csv deals-2.csv labels.xml; do
	[ -s "a/$f" ] || fail "a/$f missing or empty"
	cmp -s "a/$f" "b/$f" || fail "same seed, different $f"
	cmp -s "a/$f" "c/$f" && fail "seed 42 and 43 gave the same $f"
done
cmp -s a.truth b.truth || fail "same seed, different truth"
cmp -s a.truth c.truth && fail "seed 42 and 43 gave the same truth"
[ ! -e a/truth.csv ] || fail "truth written into the output folder"
cmp -s a/transcripts-01.xml.gz h/transcripts-01.xml.gz && fail "--heldout changed nothing"
# the gzip stream itself carries no time stamp: the decompressed text is stable too
zcat a/transcripts-02.xml.gz > a2.xml; zcat b/transcripts-02.xml.gz > b2.xml
same a2.xml b2.xml
# the 300 dialogues are all there, split over the three files, ids in order
n=$(zcat a/transcripts-0*.xml.gz | grep -c '<dialogue ')
[ "$n" -eq 300 ] || fail "expected 300 dialogues, got $n"
zcat a/transcripts-03.xml.gz | grep -q 'id="web-0000300"' || fail "last dialogue not in the last file"
# exactly --labels dialogues labeled
n=$(grep -o 'dialogue="[^"]*"' a/labels.xml | sort -u | wc -l)
[ "$n" -eq 80 ] || fail "expected 80 labeled dialogues, got $n"
# --reexport: each later file starts with the previous file's last dialogues
# again; deals and labels are not repeated
expect_status 0 "$GEN" --seed 42 $args --reexport 2 --out r
n=$(zcat r/transcripts-0*.xml.gz | grep -o '<dialogue id="[^"]*"' | sort | uniq -d | wc -l)
[ "$n" -eq 4 ] || fail "expected 4 re-exported ids, got $n"
cmp -s a/deals-1.csv r/deals-1.csv && cmp -s a/labels.xml r/labels.xml || fail "--reexport changed deals or labels"
# --help is usage on stdout; bad usage exits 2
expect_status 0 "$GEN" --help
contains out "--heldout"
expect_status 2 "$GEN" --seed 1 --out x
expect_status 2 "$GEN" --seed x --dialogues 10 --out x
expect_status 2 "$GEN" --seed 1 --dialogues 10 --out x --bogus
contains err "unknown option"
exit 0
