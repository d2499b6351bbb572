/*
 * ec_sort: sort a stream of records in bounded memory (external merge sort,
 * Knuth TAOCP vol. 3, 5.4.1: sorted runs of at most `mem_limit` bytes are
 * spilled to temporary files, then merged k-way with a binary heap).
 *
 * A record is a tuple of nfields byte strings (NULL = absent). The order is
 * given by keys: columns compared in sequence, bytewise (EC_SORT_STR) or as
 * numbers (EC_SORT_NUM; absent or unparsable values sort first), ascending
 * or descending. The sort is stable: records with equal keys come out in the
 * order they went in, so "sort by user, then ts" keeps the log's order of
 * simultaneous events.
 *
 * Temporary files are unlinked at creation (tmpfile(3), in $TMPDIR), so
 * nothing is left behind whatever happens to the process.
 */
#ifndef EC_SORT_H
#define EC_SORT_H

#include <stddef.h>

enum { EC_SORT_STR = 0, EC_SORT_NUM = 1 };

struct ec_sort_key {
	size_t col;    /* column index, < nfields */
	int type;      /* EC_SORT_STR or EC_SORT_NUM */
	int desc;      /* 1: descending */
};

struct ec_sorter;

/* mem_limit in bytes of buffered records (0: 256 MiB). 0 or -1 (ENOMEM). */
int ec_sorter_new(struct ec_sorter **s, size_t nfields, const struct ec_sort_key *keys,
                  size_t nkeys, size_t mem_limit);
/* Add one record (copied). len may be NULL (strlen). 0, or -1 (I/O or memory). */
int ec_sorter_add(struct ec_sorter *s, const char *const *val, const size_t *len);
/* End of input. 0 or -1. */
int ec_sorter_done(struct ec_sorter *s);
/*
 * Next record in order: 1 with *val and *len set (valid until the next call),
 * 0 at the end, -1 on error. val[i] is NUL-terminated or NULL when absent.
 */
int ec_sorter_next(struct ec_sorter *s, const char *const **val, const size_t **len);
/* Records added so far, and runs spilled to disk (0 = sorted in memory). */
size_t ec_sorter_count(const struct ec_sorter *s);
size_t ec_sorter_runs(const struct ec_sorter *s);
const char *ec_sorter_error(const struct ec_sorter *s);
void ec_sorter_free(struct ec_sorter *s);

#endif
