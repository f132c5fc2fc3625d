/* xml_floor — the floor for ingest's speed: a bare xmlTextReader pass over a
 * transcript file (.xml or .xml.gz) through the same zlib read callbacks and
 * parser options as ingest, counting the dialogues and nothing else.
 *
 *   xml_floor FILE   prints "DIALOGUES dialogues, BYTES bytes, SECONDS s" */
#include "compat.h"
#include "transcripts.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <libxml/xmlreader.h>

int main(int argc, char **argv)
{
	struct xml_input_opts o = { 0, 0, NULL, NULL, 0 };
	struct xml_input *in;
	xmlTextReaderPtr x;
	long dialogues = 0;
	double t0;
	int rc;
	if (argc != 2) {
		fprintf(stderr, "usage: xml_floor FILE\n");
		return 2;
	}
	t0 = mono_seconds();
	in = xml_input_open(argv[1], &o);
	if (!in)
		return 1;
	x = xml_input_reader(in);
	while ((rc = xml_input_read(in)) == 1)
		if (xmlTextReaderNodeType(x) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(x) == 1 &&
		    !strcmp((const char *)xmlTextReaderConstLocalName(x), "dialogue"))
			dialogues++;
	if (rc < 0) {
		long line;
		const char *msg = xml_input_error(in, &line);
		error_at(argv[1], line, "%s", msg ? msg : "read error");
	}
	printf("%ld dialogues, %llu bytes, %.3f s\n", dialogues,
	       (unsigned long long)xml_input_bytes(in), mono_seconds() - t0);
	xml_input_close(in);
	if (fflush(stdout) || ferror(stdout))
		return 1;
	return rc < 0 ? 1 : 0;
}
