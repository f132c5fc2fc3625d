# The training log names each grid point by its own parameters: a linear
# model's C alone ("C=2", never "C=20" with a gamma of 0 glued on), and the
# search reaches past its first grid when the best point sits on an edge.
source "$ROOT/tests/e2e/lib.sh"
# an empty database first (the fixture fills its tables)
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--learner liblinear --no-baselines
contains err "grid point liblinear (C=2, 5 folds)"
# every C printed is a power of two, as the grid's are
grep -o 'grid point liblinear (C=[^,)]*' err | sed 's/.*C=//' > cs
[ -s cs ] || fail "no grid point logged"
awk '{ l = log($1) / log(2); if (l != int(l) && l != int(l) - 1) { print "not a power of two: " $1; bad = 1 } }
     END { exit bad }' cs || fail "a grid point's C is misprinted"
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" \
	--learner libsvm --no-baselines --folds 3
contains err "grid point libsvm (C="
grep -q 'grid point libsvm (C=[0-9.e+-]*, gamma=[0-9.e+-]*, 3 folds)' err || fail "libsvm grid line"
# the search is not the old fixed 66-point grid
n=$(grep -c 'grid point libsvm' err)
[ "$n" -lt 66 ] || fail "$n libsvm grid points"
