// SPDX-License-Identifier: GPL-2.0
/*
 * shape.c - the program's one-line shaping operations: fragment a range of
 * frames with a pattern, free a share of what a program holds, hand pages
 * to other CPUs.  Test setup, not kernel paths: they put memory into the
 * state a long uptime would (free frames between kernel allocations, page
 * cache or anonymous pages), so that a scenario takes one line, not one
 * line per hole.  Each says what it did in one trace event.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include "internal.h"

const char *const shape_kind_name[NR_SHAPE_KINDS] = {
	[SHAPE_UNMOVABLE] = "unmovable",
	[SHAPE_RECLAIMABLE] = "reclaimable",
	[SHAPE_MOVABLE] = "movable",
	[SHAPE_FILE] = "file",
	[SHAPE_ANON] = "anon",
};

/* The gfp mask a kernel kind's handles record, and so their migratetype. */
static const gfp_t shape_gfp[SHAPE_FILE] = {
	[SHAPE_UNMOVABLE] = GFP_KERNEL,
	[SHAPE_RECLAIMABLE] = GFP_KERNEL | __GFP_RECLAIMABLE,
	[SHAPE_MOVABLE] = GFP_HIGHUSER_MOVABLE,
};

static bool kept(unsigned long pfn, unsigned every, unsigned keep)
{
	return pfn % every < keep;
}

/* Frames taken but not given an owner go back, one reference each. */
static void give_back(struct model *m, const uint32_t *frames, unsigned long from, unsigned long n)
{
	for (unsigned long i = from; i < n; i++)
		__free_pages(m, pfn_to_page(m, frames[i]), 0);
}

/* Kernel allocations of task; their pageblocks take the kind's migratetype. */
static unsigned long own_kernel(struct model *m, int task, enum shape_kind kind,
				const uint32_t *frames, unsigned long n, int *handles)
{
	gfp_t gfp = shape_gfp[kind];
	int mt = gfpflags_to_migratetype(gfp);
	unsigned long done;

	for (done = 0; done < n; done++) {
		struct page *page = pfn_to_page(m, frames[done]);
		int h = handle_slot(m);

		if (h < 0)
			break;
		page_owner_alloc(m, page, 0, SITE_HANDLE);
		m->handles[h] = (struct handle){ .pfn = frames[done], .order = 0, .in_use = true,
						 .task = (int16_t)task, .gfp = gfp, .op = m->op };
		handle_note(m, h);
		handles[done] = h;
		if (get_pageblock_migratetype(m, page) != mt)
			set_pageblock_migratetype(m, page, mt);
	}
	give_back(m, frames, done, n);
	return done;
}

/* Clean page cache of a new file, read once: it lands on the inactive file list. */
static long own_file(struct model *m, const uint32_t *frames, unsigned long n, int *obj)
{
	int file = model_file_create(m, n);

	if (file < 0) {
		give_back(m, frames, 0, n);
		return file;
	}
	for (unsigned long i = 0; i < n; i++) {
		struct page *page = pfn_to_page(m, frames[i]);

		page_owner_alloc(m, page, 0, SITE_PAGECACHE);
		add_to_page_cache_lru(m, page, file, i);
		SetPageFlag(m, page, PG_uptodate);
		mark_page_accessed(m, page);
		put_page(m, page);	/* ours: the cache holds its own */
	}
	*obj = file;
	return (long)n;
}

/*
 * Anonymous pages of a new vma, written: the faults take the frames in
 * order (m->place); page tables come from the allocator as usual.
 */
static long own_anon(struct model *m, int task, const uint32_t *frames, unsigned long n, int *obj)
{
	int vma = model_mmap_anon(m, task, n);
	long done;

	if (vma < 0) {
		give_back(m, frames, 0, n);
		return vma;
	}
	m->place = frames;
	m->nr_place = (unsigned)n;
	m->next_place = 0;
	model_touch(m, task, vma, 0, n, true);
	done = m->next_place;
	m->place = NULL;
	m->nr_place = 0;
	give_back(m, frames, (unsigned long)done, n);
	*obj = vma;
	return done;
}

long model_fragment(struct model *m, int task, unsigned long lo, unsigned long hi,
		    unsigned every, unsigned keep, enum shape_kind kind, int *handles, int max,
		    int *obj)
{
	unsigned long n = 0, cap;
	uint32_t *frames;
	long done;

	*obj = -1;
	if (!model_task(m, task) || !every || (unsigned)kind >= NR_SHAPE_KINDS)
		return -EINVAL;
	if (m->stopped)
		return 0;
	if (keep > every)
		keep = every;
	if (hi > m->pm.nr_frames)
		hi = m->pm.nr_frames;
	if (lo >= hi || !keep)
		return 0;
	cap = ((hi - lo) / every + 1) * keep;
	if (kind < SHAPE_FILE && cap > (unsigned long)max)
		cap = (unsigned long)max;
	frames = malloc(cap * sizeof(*frames) + 1);
	if (!frames)
		return -ENOMEM;
	m->current = task;
	/* free frames on the per-cpu lists go back to the buddy first */
	model_drain_all(m);
	n = take_free_range(m, lo, hi, every, keep, frames, cap);
	if (kind < SHAPE_FILE)
		done = (long)own_kernel(m, task, kind, frames, n, handles);
	else if (kind == SHAPE_FILE)
		done = own_file(m, frames, n, obj);
	else
		done = own_anon(m, task, frames, n, obj);
	free(frames);
	TRACE(m, EV_SHAPE, SHAPE_OP_FRAGMENT, kind, (int64_t)lo, (int64_t)hi,
	      (int64_t)every << 16 | keep, done);
	return done;
}

/* Takes k handle slots (marked in use) into slots[]; false, with none kept, if the table is full. */
static bool take_slots(struct model *m, int *slots, unsigned long k)
{
	for (unsigned long i = 0; i < k; i++) {
		slots[i] = handle_slot(m);
		if (slots[i] < 0) {
			while (i--)
				handle_release(m, slots[i]);
			return false;
		}
		m->handles[slots[i]].in_use = true;
		handle_note(m, slots[i]);
	}
	return true;
}

int model_release(struct model *m, int *handles, int n, int max, unsigned every, unsigned keep)
{
	int *out = malloc(((size_t)max + 1) * sizeof(*out)), *slots;
	int nout = 0;
	/*
	 * The fewest slots take_slots could not find since a slot was last given
	 * back: a block needing as many stays whole without another scan of a
	 * full table (a group of thousands of blocks released into one made that
	 * scan per block take seconds).
	 */
	unsigned long freed = 0, short_of = ULONG_MAX;

	slots = malloc(((size_t)1 << m->max_order) * sizeof(*slots));
	if (!out || !slots || !every) {
		free(out);
		free(slots);
		return n;
	}
	for (int i = 0; i < n && !m->stopped; i++) {
		int h = handles[i];
		struct handle hd;
		unsigned long pages, nkept = 0, s = 0;
		bool whole;

		if (h < 0 || h >= m->nr_handles || !m->handles[h].in_use)
			continue;
		hd = m->handles[h];
		pages = 1ul << hd.order;
		for (unsigned long p = hd.pfn; p < hd.pfn + pages; p++)
			nkept += kept(p, every, keep);
		whole = nkept == pages;
		if (!whole && nkept && (nkept >= short_of || !take_slots(m, slots, nkept))) {
			/* no slot for each page it keeps: the block stays as it is */
			if (nkept < short_of)
				short_of = nkept;
			whole = true;
		}
		if (whole) {
			if (nout < max)
				out[nout++] = h;
			continue;
		}
		if (!nkept) {
			model_free(m, h);
			freed += pages;
			short_of = ULONG_MAX;
			continue;
		}
		/* both kinds in one block: split_page, keep some, free the rest */
		handle_release(m, h);
		page_owner_free(m, pfn_to_page(m, hd.pfn), hd.order, SITE_FREE_HANDLE);
		split_page(m, pfn_to_page(m, hd.pfn), hd.order);
		for (unsigned long p = hd.pfn; p < hd.pfn + pages; p++) {
			struct page *page = pfn_to_page(m, p);

			if (!kept(p, every, keep)) {
				__free_pages(m, page, 0);
				freed++;
				continue;
			}
			page_owner_alloc(m, page, 0, SITE_HANDLE);
			m->handles[slots[s]] = (struct handle){ .pfn = (uint32_t)p, .order = 0,
							       .in_use = true, .task = hd.task,
							       .gfp = hd.gfp, .op = m->op };
			handle_note(m, slots[s]);
			if (nout < max)
				out[nout++] = slots[s];
			s++;
		}
	}
	for (int i = 0; i < nout; i++)
		handles[i] = out[i];
	TRACE(m, EV_SHAPE, SHAPE_OP_RELEASE, 0, n, nout, (int64_t)every << 16 | keep,
	      (int64_t)freed);
	free(out);
	free(slots);
	return nout;
}

long model_give(struct model *m, const int *handles, int n)
{
	long pages = 0;
	int given = 0;

	for (int i = 0; i < n; i++) {
		int h = handles[i];

		if (h < 0 || h >= m->nr_handles || !m->handles[h].in_use || m->handles[h].task < 0)
			continue;
		m->handles[h].task = -1;	/* as a page another CPU took at a yield */
		handle_note(m, h);
		pages += 1l << m->handles[h].order;
		given++;
	}
	TRACE(m, EV_SHAPE, SHAPE_OP_GIVE, given, pages);
	return pages;
}
