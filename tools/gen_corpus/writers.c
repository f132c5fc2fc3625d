/* writers.c — the dialogue, deal, label and truth files written out. */
#include "compat.h"
#include "gen_corpus.h"

void attr(struct strbuf *sb, const char *name, const char *val)
{
	strbuf_addf(sb, " %s=\"", name);
	xml_escape(sb, val, 1);
	strbuf_addch(sb, '"');
}

void attr_time(struct strbuf *sb, const char *name, int64_t t, int tz)
{
	strbuf_addf(sb, " %s=\"", name);
	time_append(sb, t, tz);
	strbuf_addch(sb, '"');
}

void write_dialogue(struct gen *g)
{
	struct dlg *d = &g->d;
	struct strbuf *sb = &g->sb;
	static const char *const sp[] = { "client", "bot", "operator" };
	strbuf_adds(sb, "  <dialogue");
	attr(sb, "id", d->id);
	attr(sb, "channel", d->channel);
	if (d->page)
		attr(sb, "page", d->page);
	if (!chance(&d->r, 0.05))
		attr(sb, "lang", d->lang == RU ? "ru" : "en");
	attr_time(sb, "started", d->start, d->tz);
	if (chance(&d->r, 0.6))
		attr_time(sb, "ended", d->t + rng_range(&d->r, 2, 60), d->tz);
	strbuf_adds(sb, ">\n");
	if (!d->anon) {
		strbuf_adds(sb, "    <contact");
		if (d->show_crm)
			attr(sb, "crm-id", d->c.crm);
		if (d->show_email)
			attr(sb, "email", d->email_shown);
		if (d->show_phone)
			attr(sb, "phone", d->phone_shown);
		if (d->show_name)
			attr(sb, "name", d->c.name);
		strbuf_adds(sb, "/>\n");
	}
	for (size_t i = 0; i < d->n_items; i++) {
		const struct item *it = &d->items[i];
		if (it->is_event) {
			strbuf_adds(sb, "    <event");
			attr(sb, "type", it->etype);
			attr_time(sb, "at", it->at, d->tz);
			if (it->aname && it->aval != (size_t)-1)
				attr(sb, it->aname, d->arena.buf + it->aval);
			strbuf_adds(sb, "/>\n");
			continue;
		}
		strbuf_adds(sb, "    <turn");
		attr(sb, "speaker", sp[it->speaker]);
		if (it->agent)
			attr(sb, "agent", it->agent);
		attr_time(sb, "at", it->at, d->tz);
		strbuf_addch(sb, '>');
		xml_escape(sb, d->arena.buf + it->text, 0);
		strbuf_adds(sb, "</turn>\n");
	}
	strbuf_adds(sb, "  </dialogue>\n");
}

/* Deal files: [0] is a Russian spreadsheet export (";", BOM, CRLF, amounts
 * like "48 000,00"), [1] a "," export with its columns in another order and
 * two columns the loader does not know. */
struct row {
	const char *deal, *contact, *email, *phone, *stage, *by, *dialogue;
	int64_t at;
	long amount;
	int tz;
};

static void write_row(struct gen *g, int file, const struct row *rw)
{
	struct dlg *d = &g->d;
	struct strbuf *sb = &g->sb;
	char at[40], amount[32] = "";
	if (rw->at > g->crm_cut)
		return;
	struct strbuf ts = STRBUF_INIT;
	time_append(&ts, rw->at, file == 0 ? rw->tz : 0);
	snprintf(at, sizeof(at), "%s", strbuf_str(&ts));
	strbuf_release(&ts);
	if (rw->amount > 0) {
		if (file == 0 || chance(&d->r, 0.5))
			snprintf(amount, sizeof(amount), "%ld %03ld,%02d", rw->amount / 1000, rw->amount % 1000, 0);
		else
			snprintf(amount, sizeof(amount), "%ld.00", rw->amount);
	}
	char delim = file == 0 ? ';' : ',';
	const char *eol = file == 0 ? "\r\n" : "\n";
	const char *f0[] = { rw->deal, rw->contact, rw->email, rw->phone, rw->stage, at, rw->by, amount, rw->dialogue };
	if (file == 0) {
		for (size_t k = 0; k < NELEM(f0); k++) {
			if (k)
				strbuf_addch(sb, delim);
			csv_field(sb, f0[k] ? f0[k] : "", delim, k == 7 && *amount);
		}
	} else {
		static const char *const comments[] = {
			"", "", "", "", "перезвонить после 15:00", "asked for \"Business\" plan, wants invoice",
			"VIP, line one\nline two", "tender; 3 offers", "",
		};
		const char *comment = comments[rng_below(&d->r, NELEM(comments))];
		const char *f1[] = { rw->stage, rw->deal, at, rw->email, rw->phone, rw->contact, amount, rw->by,
				     rw->dialogue, chance(&d->r, 0.5) ? "b2b" : "b2c", comment };
		for (size_t k = 0; k < NELEM(f1); k++) {
			if (k)
				strbuf_addch(sb, delim);
			csv_field(sb, f1[k] ? f1[k] : "", delim, 0);
		}
	}
	strbuf_adds(sb, eol);
	sink_sb(&g->deals[file], sb);
	g->st_rows++;
}

static const char *manager(struct gen *g, int file)
{
	struct dlg *d = &g->d;
	if (chance(&d->r, 0.03))
		return file == 0 ? "Петров; старший" : "Sidorov \"senior\", sales";
	return MANAGERS[rng_below(&d->r, NELEM(MANAGERS))];
}

static void pick_ids(struct gen *g, struct ids *x, int first)
{
	struct dlg *d = &g->d;
	memset(x, 0, sizeof(*x));
	if (first) {
		if (d->c.has_crm && (d->show_crm || chance(&d->r, 0.4)))
			x->contact = d->c.crm;
		if (d->show_email || (d->c.has_email && chance(&d->r, 0.25))) {
			format_email(&d->r, d->c.email, x->email_buf, sizeof(x->email_buf));
			x->email = x->email_buf;
		}
		if (d->show_phone || chance(&d->r, 0.25)) {
			format_phone(&d->r, d->c.phone, x->phone_buf, sizeof(x->phone_buf));
			x->phone = x->phone_buf;
		}
		if (!x->contact && !x->email && !x->phone) {
			format_phone(&d->r, d->c.phone, x->phone_buf, sizeof(x->phone_buf));
			x->phone = x->phone_buf;
		}
		return;
	}
	/* a later stage change: one identifier that the first row also had */
	if (d->show_crm && d->c.has_crm && chance(&d->r, 0.6))
		x->contact = d->c.crm;
	else if (d->show_email && chance(&d->r, 0.5)) {
		snprintf(x->email_buf, sizeof(x->email_buf), "%s", d->c.email);
		x->email = x->email_buf;
	} else if (d->show_phone) {
		snprintf(x->phone_buf, sizeof(x->phone_buf), "%s", d->c.phone);
		x->phone = x->phone_buf;
	}
}

static void next_deal_id(struct gen *g, char *out, size_t n)
{
	snprintf(out, n, "D-%s%06" PRIu64, g->o.prefix, ++g->deal_seq);
}

/* How soon each manager of MANAGERS first touches a bot lead, in hours
 * (lowest, highest): the sample's managers differ, from within the hour to
 * weeks, so that the lead-handling page has something to coach. */
static const int TOUCH_HOURS[6][2] = { { 1, 8 }, { 4, 30 }, { 10, 60 }, { 2, 20 }, { 48, 240 }, { 96, 480 } };

/* A row written with the CRM stream `crm` in place of the dialogue's own, for
 * the rows the lead-handling situations add: the dialogue's stream, which
 * the labels draw from next, is left where it was. */
static void write_row_crm(struct gen *g, int file, const struct row *rw, struct rng *crm)
{
	struct rng saved = g->d.r;
	g->d.r = *crm;
	write_row(g, file, rw);
	*crm = g->d.r;
	g->d.r = saved;
}

/* A row the owner's pace moved earlier than the dialogue's own schedule
 * put it (`planned`): written with the dialogue's stream when the planned
 * row would have been (so that stream is drawn from exactly as before),
 * else with the CRM stream. */
static void write_row_moved(struct gen *g, int file, const struct row *rw, int64_t planned, struct rng *crm)
{
	if (planned <= g->crm_cut)
		write_row(g, file, rw);
	else
		write_row_crm(g, file, rw, crm);
}

static const char *owner_or(const char *drawn, const char *owner)
{
	/* keep the odd logins with a quoted delimiter the CSV tests look for */
	for (size_t k = 0; k < NELEM(MANAGERS); k++)
		if (!strcmp(drawn, MANAGERS[k]))
			return owner;
	return drawn;
}

void write_deals(struct gen *g)
{
	struct dlg *d = &g->d;
	if (!has_contact(d))
		return;
	int file = chance(&d->r, 0.6) ? 0 : 1;
	char deal[64];
	struct ids first, later;
	struct row rw = { 0 };
	rw.tz = d->tz;
	if (chance(&d->r, 0.07)) {
		/* an older deal of the same person: before the dialogue, never counts */
		next_deal_id(g, deal, sizeof(deal));
		pick_ids(g, &first, 1);
		rw = (struct row){ deal, first.contact, first.email, first.phone, "new", "bot", NULL,
				   d->start - 86400LL * rng_range(&d->r, 40, 300), 0, d->tz };
		write_row(g, !file, &rw);
		rw.stage = "qualified";
		rw.by = manager(g, !file);
		rw.at += 86400LL * rng_range(&d->r, 1, 10);
		write_row(g, !file, &rw);
		rw.stage = "won";
		rw.at += 86400LL * rng_range(&d->r, 3, 20);
		rw.amount = 1000L * rng_range(&d->r, 5, 300);
		write_row(g, !file, &rw);
	}
	next_deal_id(g, deal, sizeof(deal));
	pick_ids(g, &first, 1);
	int64_t t = d->t + rng_range(&d->r, 30, 900);
	int by_bot = chance(&d->r, 0.88);
	rw = (struct row){ deal, first.contact, first.email, first.phone, "new", "bot",
			   chance(&d->r, 0.6) ? d->id : NULL, t, 0, d->tz };
	/* The CRM's side (lead handling, what the bot does to the CRM's data),
	 * from a stream of its own so that the dialogue's stream is drawn as
	 * before: who owns the lead and how fast they touch it, a dialogue id
	 * the chat platform never exported, a lead with only a CRM id, a second
	 * deal opened for the same person, a web-form deal nobody owns. */
	struct rng crm = { mix3(g->o.seed, g->deal_seq, 0xC12A) };
	unsigned m = rng_below(&crm, NELEM(MANAGERS));
	const char *owner = MANAGERS[m];
	int64_t bot_at = t, touch = 3600LL * rng_range(&crm, TOUCH_HOURS[m][0], TOUCH_HOURS[m][1]) +
		rng_range(&crm, 0, 3599);
	int dangling = rw.dialogue && chance(&crm, 0.05);
	int crm_only = by_bot && d->c.has_crm && chance(&crm, 0.06);
	int twice = by_bot && !d->qualified && chance(&crm, 0.08);
	int form = !by_bot && !d->qualified && chance(&crm, 0.5);
	char lost_id[80];
	if (dangling) {
		snprintf(lost_id, sizeof(lost_id), "%s-2", d->id);
		rw.dialogue = lost_id;
	}
	if (crm_only)
		rw.contact = d->c.crm, rw.email = rw.phone = NULL;
	if (by_bot)
		write_row(g, file, &rw);
	if (twice) {
		/* the bot opens a second deal for the same person minutes later */
		char dup[64];
		struct row again = rw;
		snprintf(dup, sizeof(dup), "D-%sd%06" PRIu64, g->o.prefix, g->deal_seq);
		again.deal = dup;
		again.dialogue = NULL;
		again.at += rng_range(&crm, 60, 1800);
		write_row_crm(g, file, &again, &crm);
	}
	if (form) {
		/* a deal a web form opened (changed_by empty), that nobody owns */
		struct row f = rw;
		f.by = "";
		f.dialogue = NULL;
		f.at = d->start + 86400LL * rng_range(&crm, 2, 20);
		write_row_crm(g, file, &f, &crm);
	}
	if (d->qualified) {
		t = d->start + 86400LL * rng_range(&d->r, 1, 24) + rng_range(&d->r, 0, 80000);
		if (!by_bot) {
			rw.by = manager(g, file);
			rw.at = t - 3600;
			write_row(g, file, &rw);
		}
		pick_ids(g, &later, 0);
		if ((later.contact || later.email || later.phone) && !crm_only)
			rw.contact = later.contact, rw.email = later.email, rw.phone = later.phone;
		rw.dialogue = NULL;
		rw.stage = chance(&d->r, 0.8) ? "qualified" : "proposal";
		rw.by = manager(g, file);
		rw.at = t;
		if (by_bot) {
			/* the owner touches it first, never later than planned */
			rw.by = owner_or(rw.by, owner);
			if (bot_at + touch < t)
				rw.at = bot_at + touch;
		}
		int64_t ahead = t - rw.at;
		write_row_moved(g, file, &rw, rw.at + ahead, &crm);
		static const char *const more[] = { "proposal", "negotiation", "won" };
		int start = !strcmp(rw.stage, "proposal");
		rw.amount = 1000L * rng_range(&d->r, 5, 900);
		for (int k = start; k < 3 && chance(&d->r, 0.55); k++) {
			rw.stage = more[k];
			rw.at += 86400LL * rng_range(&d->r, 1, 12);
			write_row_moved(g, file, &rw, rw.at + ahead, &crm);
		}
		if (chance(&d->r, 0.15)) {
			rw.stage = "lost";
			rw.at += 86400LL * rng_range(&d->r, 2, 30);
			rw.amount = 0;
			write_row_moved(g, file, &rw, rw.at + ahead, &crm);
		}
	} else if (by_bot) {
		double u = rng_unit(&d->r);
		rw.dialogue = NULL;
		rw.by = owner_or(manager(g, file), owner);
		if (u < 0.35) {
			rw.stage = "lost";
			int64_t planned = d->start + 86400LL * rng_range(&d->r, 2, 40);
			rw.at = bot_at + touch < planned ? bot_at + touch : planned;
			write_row_moved(g, file, &rw, planned, &crm);
		} else if (u < 0.47) {
			/* too late for this dialogue's window */
			rw.stage = "qualified";
			rw.at = d->start + 86400LL * rng_range(&d->r, 32, 70);
			write_row(g, file, &rw);
		}
	}
}

static void tag(struct strbuf *sb, int n, const char *name)
{
	strbuf_addf(sb, "    <turn n=\"%d\" tag=\"%s\"/>\n", n, name);
}

/* One trainer's opinion; `noise` is the chance of a slip per decision. */
static void write_labeled(struct gen *g, const char *by, int64_t at, double noise)
{
	struct dlg *d = &g->d;
	struct strbuf *sb = &g->sb;
	strbuf_adds(sb, "  <labeled");
	attr(sb, "dialogue", d->id);
	attr(sb, "by", by);
	attr_time(sb, "at", at, 0);
	strbuf_adds(sb, ">\n");
	int with_turns = !chance(&d->r, 0.03), n = 0;
	for (size_t i = 0; i < d->n_items && with_turns; i++) {
		const struct item *it = &d->items[i];
		if (it->is_event)
			continue;
		n++;
		unsigned f = it->flags;
		if ((f & F_PROBLEM) && !chance(&d->r, noise))
			tag(sb, n, "problem-stated");
		if ((f & F_OFFER) && !chance(&d->r, noise))
			tag(sb, n, "cross-sell-offer");
		if ((f & (F_REQUEST | F_REPEAT)) && !chance(&d->r, noise))
			tag(sb, n, "escalation-request");
		if ((f & F_FRUST) && !chance(&d->r, noise * 2))
			tag(sb, n, "frustration");
		if ((f & F_RESOLVED) && !chance(&d->r, noise))
			tag(sb, n, "problem-resolved");
		if ((f & F_CTXLOST) && !chance(&d->r, noise))
			tag(sb, n, "handoff-context-lost");
	}
	if (!chance(&d->r, 0.04)) {
		int pre = d->premature ^ chance(&d->r, noise);
		int mis = d->missed ^ chance(&d->r, noise);
		strbuf_addf(sb, "    <verdict premature-cross-sell=\"%s\" missed-escalation=\"%s\"",
			    pre ? "yes" : "no", mis ? "yes" : "no");
		if (has_contact(d) && chance(&d->r, 0.25))
			strbuf_addf(sb, " lead-quality=\"%s\"", (d->qualified ^ chance(&d->r, 0.1)) ? "good" : "bad");
		strbuf_adds(sb, "/>\n");
	}
	strbuf_adds(sb, "  </labeled>\n");
	sink_sb(&g->lab, sb);
}

void write_labels(struct gen *g, uint64_t i)
{
	struct dlg *d = &g->d;
	/* selection sampling: exactly --labels of the dialogues, in one pass */
	uint64_t left = g->o.n - i;
	if (!g->label_left || rng_unit(&d->r) * (double)left >= (double)g->label_left)
		return;
	g->label_left--;
	g->st_labeled++;
	unsigned a = rng_below(&d->r, 3), b = (a + 1 + rng_below(&d->r, NELEM(TRAINERS) - 1)) % NELEM(TRAINERS);
	int64_t at = d->start + 86400LL * rng_range(&d->r, 1, 6);
	write_labeled(g, TRAINERS[a], at, 0.03);
	if (chance(&d->r, 0.3))
		write_labeled(g, TRAINERS[b], at + rng_range(&d->r, 600, 90000), 0.12);
}

void write_truth(struct gen *g)
{
	struct dlg *d = &g->d;
	strbuf_addf(&g->sb, "%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%.4f,%d,%s\n", d->id, d->lang == RU ? "ru" : "en",
		    SET_NAME[d->set], KIND_NAME[d->kind], has_contact(d), d->premature,
		    d->missed, d->ctxlost, d->handoff, d->resolved, d->p, d->qualified, d->c.crm);
	sink_sb(&g->tru, &g->sb);
}
