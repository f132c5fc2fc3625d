/* gen_corpus — writes a synthetic, seeded night of leadqa inputs: dialogue
 * transcripts (formats.md section 1), CRM deal histories (section 2) and
 * trainer labels (section 5), with the ground truth known by construction.
 *
 * Same arguments give the same bytes: every random choice comes from a
 * splitmix64 stream derived from --seed and the dialogue's index, never from
 * the clock.  Output is written as it is made, so memory stays flat however
 * many dialogues are asked for.
 *
 * The dialogues are composed from phases (problem, failures, offer, request,
 * handoff, resolution, lead signals), each phrase drawn from paraphrase
 * templates "[a|b]" with slots "{order}".  --phrasing N picks one of eight
 * sets of templates: 0, the default; 1, the held-out set (--heldout), partly
 * disjoint from the default; 2, the fresh set, written apart from both and
 * without looking at what the detectors know; 3, the fourth set, written
 * apart from sets 0, 1 and 2, again without sight of the detectors or their
 * lexicons; 4, the fifth set, written apart from sets 0 to 3 and likewise
 * without sight of the detectors, their lexicons or the labeled corpora;
 * 5, the sixth set, written apart from sets 0 to 4 under the same rule
 * (no sight of the detectors, their lexicons, their documentation or the
 * labeled corpora), so that detectors tuned on sets 0 to 4 can be measured
 * honestly on phrasing nobody tuned them for; 6, the seventh set, written
 * apart from sets 0 to 5 under that rule again, the held-out phrasing for
 * detectors tuned on sets 0 to 5; 7, the eighth set, written apart from
 * sets 0 to 6 under the same rule, the held-out phrasing for detectors
 * tuned on sets 0 to 6.  A situation with no templates in sets 1 to 7 falls
 * back to set 0. */
#include "compat.h"
#include "gen_corpus.h"

static const char usage[] =
	"usage: gen_corpus --seed N --dialogues N --out DIR [options]\n"
	"\n"
	"Writes a synthetic night of leadqa inputs into DIR:\n"
	"  transcripts-KK.xml[.gz]  dialogues (formats.md section 1), split over --files\n"
	"  deals-1.csv              CRM stage history, ';' + BOM + CRLF, amounts \"48 000,00\"\n"
	"  deals-2.csv              the same kind of rows, ',' + LF, other column order, extra columns\n"
	"  labels.xml               trainer labels for --labels dialogues (when > 0)\n"
	"and, with --truth PATH, the generator's ground truth as CSV (kept out of DIR, which\n"
	"leadqa may take as an inbox).\n"
	"Same arguments, same bytes.\n"
	"\n"
	"options:\n"
	"  --seed N          random seed (required)\n"
	"  --dialogues N     how many dialogues (required)\n"
	"  --out DIR         output folder, created when missing (required)\n"
	"  --files K         transcript files (default 1)\n"
	"  --gzip            gzip every transcript file\n"
	"  --gzip-alternate  gzip files 1, 3, 5...; leave the others plain\n"
	"  --start DATE      last day of the period, YYYY-MM-DD (default 2026-11-23)\n"
	"  --days D          length of the period in days (default 120)\n"
	"  --last-night N    the last N dialogues all start on the last day, so that\n"
	"                    the newest night is a full one (default 0: spread evenly)\n"
	"  --labels N        label N dialogues, some by two trainers (default 0)\n"
	"  --phrasing N      which set of phrase templates: 0 default, 1 held-out,\n"
	"                    2 fresh, 3 fourth, 4 fifth, 5 sixth, 6 seventh,\n"
	"                    7 eighth\n"
	"                    (default 0; the truth CSV's `set` column names it)\n"
	"  --heldout         the same as --phrasing 1\n"
	"  --prefix P        dialogue id prefix (default \"web-\")\n"
	"  --source NAME     <dialogues source=...> (default \"site-chat\")\n"
	"  --no-deals        write no deal files\n"
	"  --reexport N      start each file after the first with the previous file's last\n"
	"                    N dialogues again (same ids; every third with an added event)\n"
	"  --truth PATH      write the ground truth per dialogue to PATH\n";

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || *s == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int have_seed = 0, have_n = 0, have_phrasing = 0;
	memset(o, 0, sizeof(*o));
	o->files = 1;
	o->days = 120;
	o->prefix = "web-";
	o->source = "site-chat";
	o->deals = 1;
	parse_date("2026-11-23", &o->end_day);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t x;
#define NEED() do { if (!v) return error("option '%s' needs a value", a); i++; } while (0)
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 1;
		} else if (!strcmp(a, "--seed")) {
			NEED();
			if (parse_u64(v, &o->seed))
				return error("bad --seed '%s'", v);
			have_seed = 1;
		} else if (!strcmp(a, "--dialogues")) {
			NEED();
			if (parse_u64(v, &o->n) || !o->n)
				return error("bad --dialogues '%s'", v);
			have_n = 1;
		} else if (!strcmp(a, "--out")) {
			NEED();
			o->out = v;
		} else if (!strcmp(a, "--files")) {
			NEED();
			if (parse_u64(v, &x) || !x || x > 9999)
				return error("bad --files '%s'", v);
			o->files = (unsigned)x;
		} else if (!strcmp(a, "--gzip")) {
			o->gzip = 1;
		} else if (!strcmp(a, "--gzip-alternate")) {
			o->gzip_alternate = 1;
		} else if (!strcmp(a, "--start")) {
			NEED();
			if (parse_date(v, &o->end_day))
				return error("bad --start '%s' (want YYYY-MM-DD)", v);
		} else if (!strcmp(a, "--days")) {
			NEED();
			if (parse_u64(v, &x) || !x || x > 3650)
				return error("bad --days '%s'", v);
			o->days = (int)x;
		} else if (!strcmp(a, "--last-night")) {
			NEED();
			if (parse_u64(v, &o->last_night))
				return error("bad --last-night '%s'", v);
		} else if (!strcmp(a, "--labels")) {
			NEED();
			if (parse_u64(v, &o->labels))
				return error("bad --labels '%s'", v);
		} else if (!strcmp(a, "--phrasing") || !strcmp(a, "--heldout")) {
			int set = SET_HELDOUT;
			if (!strcmp(a, "--phrasing")) {
				NEED();
				if (parse_u64(v, &x) || x >= N_SETS)
					return error("bad --phrasing '%s' (want 0..7)", v);
				set = (int)x;
			}
			if (have_phrasing && o->phrasing != set)
				return error("--phrasing %d and --phrasing %d (or --heldout) disagree",
					     o->phrasing, set);
			o->phrasing = set;
			have_phrasing = 1;
		} else if (!strcmp(a, "--prefix")) {
			NEED();
			o->prefix = v;
		} else if (!strcmp(a, "--source")) {
			NEED();
			o->source = v;
		} else if (!strcmp(a, "--reexport")) {
			NEED();
			if (parse_u64(v, &o->reexport))
				return error("bad --reexport '%s'", v);
		} else if (!strcmp(a, "--no-deals")) {
			o->deals = 0;
		} else if (!strcmp(a, "--truth")) {
			NEED();
			o->truth = v;
		} else {
			return error("unknown option '%s' (see --help)", a);
		}
#undef NEED
	}
	if (!have_seed || !have_n || !o->out)
		return error("--seed, --dialogues and --out are required (see --help)");
	if (o->files > o->n)
		o->files = (unsigned)o->n;
	if (o->labels > o->n)
		o->labels = o->n;
	if (o->last_night >= o->n)
		return error("--last-night must be fewer than --dialogues");
	return 0;
}

static int open_path(struct sink *s, const char *dir, const char *name, int gzip)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	int ret = sink_open(s, p.buf, gzip);
	strbuf_release(&p);
	return ret;
}

static int open_transcripts(struct gen *g, unsigned k)
{
	char name[64];
	int gz = g->o.gzip || (g->o.gzip_alternate && k % 2 == 1);
	snprintf(name, sizeof(name), "transcripts-%02u.xml%s", k, gz ? ".gz" : "");
	if (open_path(&g->tr, g->o.out, name, gz))
		return -1;
	strbuf_adds(&g->sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dialogues");
	attr(&g->sb, "source", g->o.source);
	attr_time(&g->sb, "exported", g->crm_cut, 0);
	strbuf_adds(&g->sb, ">\n");
	sink_sb(&g->tr, &g->sb);
	return 0;
}

static int close_transcripts(struct gen *g)
{
	strbuf_adds(&g->sb, "</dialogues>\n");
	sink_sb(&g->tr, &g->sb);
	return sink_close(&g->tr);
}

/* The chat platform exports again the last dialogues of the previous file:
 * the same ids, mostly the same bytes, a third of them with a late event. */
static void reexport(struct gen *g, uint64_t first_of_file)
{
	uint64_t n = g->o.reexport < first_of_file ? g->o.reexport : first_of_file;
	for (uint64_t i = first_of_file - n; i < first_of_file; i++) {
		build(g, i);
		if (i % 3 == 0) {
			/* added without drawing from the stream, so all else stays equal */
			struct item *it = push(&g->d);
			it->is_event = 1;
			it->etype = "rating";
			it->aname = "score";
			it->aval = dlg_arena_put(&g->d, "5", 1);
			it->at = g->d.t + 3600;
		}
		write_dialogue(g);
		sink_sb(&g->tr, &g->sb);
	}
}

static void count(struct gen *g)
{
	struct dlg *d = &g->d;
	g->st_anon += !has_contact(d);
	g->st_contact += has_contact(d);
	g->st_prem += d->premature;
	g->st_missed += d->missed;
	g->st_handoff += d->handoff;
	g->st_ctx += d->ctxlost;
	g->st_qual += d->qualified;
	g->st_ru += d->lang == RU;
	g->st_kind[d->kind]++;
}

static int run(struct gen *g)
{
	static const char bom[] = "\xEF\xBB\xBF";
	int ret = -1;
	if (mkdir_p(g->o.out))
		return error("cannot create '%s'", g->o.out);
	g->t_span = (int64_t)g->o.days * 86400;
	g->t_begin = g->o.end_day + 20 * 3600 - g->t_span;
	g->crm_cut = g->o.end_day + 23 * 3600;
	g->n_cust = g->o.n * 7 / 10 + 1;
	if (g->n_cust > 0xffffffffULL)
		g->n_cust = 0xffffffffULL;
	g->label_left = g->o.labels;
	if (g->o.deals) {
		if (open_path(&g->deals[0], g->o.out, "deals-1.csv", 0) ||
		    open_path(&g->deals[1], g->o.out, "deals-2.csv", 0))
			goto out;
		strbuf_adds(&g->sb, bom);
		strbuf_adds(&g->sb, "deal_id;contact_id;email;phone;stage;changed_at;changed_by;amount;dialogue_id\r\n");
		sink_sb(&g->deals[0], &g->sb);
		strbuf_adds(&g->sb, "stage,deal_id,changed_at,email,phone,contact_id,amount,changed_by,dialogue_id,pipeline,comment\n");
		sink_sb(&g->deals[1], &g->sb);
	}
	if (g->o.labels) {
		if (open_path(&g->lab, g->o.out, "labels.xml", 0))
			goto out;
		strbuf_adds(&g->sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<labels>\n");
		sink_sb(&g->lab, &g->sb);
	}
	if (g->o.truth) {
		if (sink_open(&g->tru, g->o.truth, 0))
			goto out;
		strbuf_adds(&g->sb, "dialogue_id,lang,set,kind,has_contact,premature_cross_sell,missed_escalation,"
			    "context_lost,handoff,resolved,p_qualified,qualified,customer\n");
		sink_sb(&g->tru, &g->sb);
	}
	for (uint64_t i = 0; i < g->o.n; i++) {
		unsigned k = (unsigned)(i * g->o.files / g->o.n) + 1;
		if (k != g->cur_file) {
			if (g->cur_file && close_transcripts(g))
				goto out;
			if (open_transcripts(g, k))
				goto out;
			g->cur_file = k;
			reexport(g, i);
		}
		build(g, i);
		write_dialogue(g);
		sink_sb(&g->tr, &g->sb);
		if (g->tr.failed)
			goto out;
		if (g->o.deals)
			write_deals(g);
		if (g->o.labels)
			write_labels(g, i);
		if (g->o.truth)
			write_truth(g);
		count(g);
	}
	ret = 0;
out:
	if (g->cur_file && close_transcripts(g))
		ret = -1;
	if (g->deals[0].path && sink_close(&g->deals[0]))
		ret = -1;
	if (g->deals[1].path && sink_close(&g->deals[1]))
		ret = -1;
	if (g->lab.path) {
		strbuf_adds(&g->sb, "</labels>\n");
		sink_sb(&g->lab, &g->sb);
		if (sink_close(&g->lab))
			ret = -1;
	}
	if (g->tru.path && sink_close(&g->tru))
		ret = -1;
	return ret;
}

int main(int argc, char **argv)
{
	struct gen g;
	memset(&g, 0, sizeof(g));
	int r = parse_args(argc, argv, &g.o);
	if (r)
		return r > 0 ? 0 : 2;
	strbuf_init(&g.sb, 0);
	strbuf_init(&g.d.arena, 0);
	strbuf_init(&g.d.scratch, 0);
	strbuf_init(&g.d.scratch2, 0);
	int ret = run(&g);
	if (!ret)
		fprintf(stderr, "gen_corpus: %" PRIu64 " dialogues (problem %" PRIu64 ", info %" PRIu64
			", small talk %" PRIu64 ", ru %" PRIu64 "), anonymous %" PRIu64 ", handoffs %" PRIu64
			", premature cross-sell %" PRIu64 ", missed escalation %" PRIu64
			", context lost %" PRIu64 ", qualified %" PRIu64 " of %" PRIu64 " with contact, deal rows %" PRIu64
			", labeled %" PRIu64 "\n",
			g.o.n, g.st_kind[K_PROBLEM], g.st_kind[K_INFO], g.st_kind[K_SMALL], g.st_ru, g.st_anon,
			g.st_handoff, g.st_prem, g.st_missed, g.st_ctx, g.st_qual, g.st_contact, g.st_rows,
			g.st_labeled);
	strbuf_release(&g.sb);
	strbuf_release(&g.d.arena);
	strbuf_release(&g.d.scratch);
	strbuf_release(&g.d.scratch2);
	free(g.d.items);
	return ret ? 1 : 0;
}
