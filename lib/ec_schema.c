/*
 * ec_schema.c: canonical event columns, source-name aliases and the event
 * vocabulary (see ec_schema.h). Tables, not code: adding a spelling is one
 * line.
 */
#include "ec_schema.h"

#include <ctype.h>
#include <string.h>

const char *const ec_ev_names[EC_EV_NCOLS] = {
	"ts", "user", "item", "event", "qty", "price", "value",
	"order", "session", "category", "dwell", "text",
};

const enum ec_col_type ec_ev_types[EC_EV_NCOLS] = {
	EC_COL_STR, EC_COL_STR, EC_COL_STR, EC_COL_STR, EC_COL_NUM, EC_COL_NUM,
	EC_COL_NUM, EC_COL_STR, EC_COL_STR, EC_COL_STR, EC_COL_NUM, EC_COL_STR,
};

/* Folded spellings per canonical column, the canonical name first. */
static const char *const aliases[EC_EV_NCOLS][12] = {
	[EC_EV_TS] = { "ts", "timestamp", "time", "eventtime", "invoicedate", "datetime",
	               "eventdate", "date", "createdat", "ordertime", 0 },
	[EC_EV_USER] = { "user", "userid", "uid", "visitorid", "customerid", "customer",
	                 "clientid", "memberid", "buyerid", 0 },
	[EC_EV_ITEM] = { "item", "itemid", "sku", "productid", "stockcode", "movieid",
	                 "product", "asin", "goodsid", "skuid", 0 },
	[EC_EV_EVENT] = { "event", "eventtype", "behaviortype", "behaviourtype", "action",
	                  "behavior", "eventname", 0 },
	[EC_EV_QTY] = { "qty", "quantity", "qnt", 0 },
	[EC_EV_PRICE] = { "price", "unitprice", "saleprice", 0 },
	[EC_EV_VALUE] = { "value", "rating", "score", "stars", 0 },
	[EC_EV_ORDER] = { "order", "orderid", "invoiceno", "invoice", "transactionid", 0 },
	[EC_EV_SESSION] = { "session", "sessionid", 0 },
	[EC_EV_CATEGORY] = { "category", "categoryid", "categorycode", "catid", 0 },
	[EC_EV_DWELL] = { "dwell", "dwelltime", "dwellseconds", 0 },
	[EC_EV_TEXT] = { "text", "query", "searchquery", "reviewtext", "review", 0 },
};

void ec_ev_fold(const char *s, char *out, size_t outlen)
{
	size_t k = 0;
	for (; *s && k + 1 < outlen; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c))
			out[k++] = (char)tolower(c);
	}
	out[k] = '\0';
}

int ec_ev_col(const char *name)
{
	for (int i = 0; i < EC_EV_NCOLS; i++)
		if (!strcmp(ec_ev_names[i], name))
			return i;
	return -1;
}

int ec_ev_alias(const char *source, int *rank)
{
	char f[128];
	ec_ev_fold(source, f, sizeof f);
	if (!f[0])
		return -1;
	for (int i = 0; i < EC_EV_NCOLS; i++)
		for (int k = 0; aliases[i][k]; k++)
			if (!strcmp(aliases[i][k], f)) {
				if (rank)
					*rank = k;
				return i;
			}
	return -1;
}

static const char *const vocab[] = {
	"view", "click", "cart", "fav", "purchase", "return", "search", "review", "rate", 0
};

/* source spelling (lower-case) -> vocabulary word */
static const char *const spellings[][2] = {
	{ "pv", "view" }, { "detail", "view" }, { "pageview", "view" },
	{ "page_view", "view" }, { "views", "view" }, { "impression", "view" },
	{ "clicks", "click" }, { "clk", "click" },
	{ "buy", "purchase" }, { "order", "purchase" }, { "transaction", "purchase" },
	{ "purchased", "purchase" }, { "sale", "purchase" }, { "checkout", "purchase" },
	{ "addtocart", "cart" }, { "add_to_cart", "cart" }, { "add-to-cart", "cart" },
	{ "addcart", "cart" }, { "basket", "cart" },
	{ "favorite", "fav" }, { "favourite", "fav" }, { "wishlist", "fav" },
	{ "collect", "fav" }, { "like", "fav" },
	{ "refund", "return" }, { "returned", "return" },
	{ "query", "search" }, { "rating", "rate" },
};

const char *ec_ev_event_name(const char *v, size_t n, char *out, size_t outlen)
{
	while (n && isspace((unsigned char)*v)) {
		v++;
		n--;
	}
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n + 1 > outlen)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)v[i]);
	out[n] = '\0';
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
		if (!strcmp(out, spellings[i][0]))
			return spellings[i][1];
	return out;
}

int ec_ev_is_vocab(const char *s)
{
	for (int i = 0; vocab[i]; i++)
		if (!strcmp(vocab[i], s))
			return 1;
	return 0;
}
