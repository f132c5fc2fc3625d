/* test_textnorm_arena.c — a word with no stemmer is copied as its own stem
 * from the token arena; when that copy makes the arena grow, the source must
 * not be read from the freed block (found by AddressSanitizer in a night). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "textnorm.h"
#include "util.h"

static void test_unstemmed_long_word_survives_growth(void **state)
{
	struct textnorm *tn = textnorm_new();
	struct token_list l = { 0 };
	struct strbuf text = STRBUF_INIT;
	(void)state;
	/* Greek has no stemmer here: the folded word is its own stem.  Words of
	 * growing length make the arena reallocate at every size. */
	for (int len = 1; len <= 400; len += 7) {
		strbuf_reset(&text);
		for (int i = 0; i < len; i++)
			strbuf_adds(&text, "α");
		textnorm_tokens(tn, text.buf, &l);
		assert_int_equal(l.n, 1);
		/* very long words are cut to a bounded length; the stem is the word */
		assert_true(strncmp(text.buf, l.items[0].word, strlen(l.items[0].word)) == 0);
		assert_true(strlen(l.items[0].word) > 0);
		assert_string_equal(l.items[0].stem, l.items[0].word);
	}
	strbuf_release(&text);
	token_list_release(&l);
	textnorm_free(tn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unstemmed_long_word_survives_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
