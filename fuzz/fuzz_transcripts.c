/* fuzz_transcripts — libFuzzer harness for the transcript and label readers:
 * the bytes go through the same locked-down xmlTextReader options and the
 * same record assembly as ingest (from memory instead of through zlib). */
#include "transcripts.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore_problem(void *arg, long line, const char *msg)
{
	(void)arg;
	(void)line;
	(void)msg;
}

static void read_transcripts(const uint8_t *data, size_t size)
{
	struct xml_input_opts o = { 0, 4096, ignore_problem, NULL, 0 };
	struct transcript_reader *r;
	struct dialogue d;
	r = transcript_reader_new(xml_input_open_memory("fuzz.xml", data, size, &o));
	if (!r)
		return;
	dialogue_init(&d);
	while (transcript_reader_next(r, &d) > 0) {
		/* what the loader relies on */
		if (!d.id || strlen(d.content_hash) != 32)
			continue;
		for (size_t i = 0; i < d.n_turns; i++)
			if (d.turns[i].n != (int)i + 1 || !d.turns[i].text)
				__builtin_trap();
		for (size_t i = 0; i < d.n_events; i++)
			if (d.events[i].after_turn < 0 || (size_t)d.events[i].after_turn > d.n_turns)
				__builtin_trap();
	}
	dialogue_release(&d);
	transcript_reader_close(r);
}

static void read_labels(const uint8_t *data, size_t size)
{
	struct xml_input_opts o = { 0, 0, ignore_problem, NULL, 0 };
	struct label_reader *r;
	struct label l;
	r = label_reader_new(xml_input_open_memory("fuzz.xml", data, size, &o));
	if (!r)
		return;
	label_init(&l);
	while (label_reader_next(r, &l) > 0)
		for (size_t i = 0; i < l.n_turns; i++)
			if (l.turns[i].n < 1 || !label_tag_known(l.turns[i].tag))
				__builtin_trap();
	label_release(&l);
	label_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lq_quiet = 1;
	read_transcripts(data, size);
	read_labels(data, size);
	return 0;
}
