/*
 * ec_schema: the canonical event record (DESIGN.md "Event") and the
 * vocabulary that raw logs are mapped onto.
 *
 * Columns, in output order: ts, user, item, event, qty, price, value,
 * order, session, category, dwell, text. Source column names are matched
 * after folding case and dropping everything but letters and digits, so
 * "user_id", "userId" and "User ID" are one spelling.
 */
#ifndef EC_SCHEMA_H
#define EC_SCHEMA_H

#include <stddef.h>

#include "ec_record.h"

enum ec_ev {
	EC_EV_TS, EC_EV_USER, EC_EV_ITEM, EC_EV_EVENT, EC_EV_QTY, EC_EV_PRICE,
	EC_EV_VALUE, EC_EV_ORDER, EC_EV_SESSION, EC_EV_CATEGORY, EC_EV_DWELL,
	EC_EV_TEXT, EC_EV_NCOLS
};

extern const char *const ec_ev_names[EC_EV_NCOLS];
extern const enum ec_col_type ec_ev_types[EC_EV_NCOLS];

/* Canonical column index of exactly `name` ("ts", "user", ...), or -1. */
int ec_ev_col(const char *name);

/*
 * Built-in alias match of a source column name: returns the canonical index
 * or -1, and in *rank the alias's position in its list (0 = the canonical
 * name itself, lower wins when two source columns claim one field).
 */
int ec_ev_alias(const char *source, int *rank);

/*
 * Map a raw event value onto the vocabulary (view, click, cart, fav,
 * purchase, return, search, review, rate): lower-cases into out (outlen
 * bytes, NUL-terminated) and applies the built-in spellings (pv, detail ->
 * view; buy, order, transaction -> purchase; addtocart, add_to_cart ->
 * cart; favorite, wishlist -> fav; ...). Unknown values pass through
 * lower-cased. Returns out, or NULL when the value does not fit.
 */
const char *ec_ev_event_name(const char *v, size_t n, char *out, size_t outlen);

/* 1 when s is one of the nine vocabulary words. */
int ec_ev_is_vocab(const char *s);

/* Fold a column name as the alias matcher does (lower-case, alnum only). */
void ec_ev_fold(const char *s, char *out, size_t outlen);

#endif
