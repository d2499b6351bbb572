#!/usr/bin/python3
"""tests/bench/features_pandas.py: the `users` and `items` tables of
ec-features(1) computed with pandas, the baseline of tests/bench/features.sh,
and the comparison of the two tools' outputs.

    features_pandas.py users EVENTS.jsonl > users.jsonl
    features_pandas.py items EVENTS.jsonl > items.jsonl
    features_pandas.py compare users|items EC.jsonl PANDAS.jsonl
    features_pandas.py about      (versions and reading method, one line)

It is written the way a pandas user would write it, not tuned against
ec-features: the events are read with pd.read_json(lines=True) in chunks of
CHUNK lines (the documented way to read a large JSON Lines file; read whole, pandas 1.5
joins all lines into one string and makes a Python dict per line, which
peaked at 2.4 GB per million events here) with the dtypes given, so that ids stay
strings and nothing is guessed; the columns a table does not use are dropped
chunk by chunk; the rest is whole-column groupby arithmetic. pandas 1.5
(Debian 12) has no pyarrow JSON engine, and Debian has no python3-pyarrow.

Every column follows its definition in ec-features(1) (the man page, with
lib/ec_features.c where the page is terse), with the default as-of (one
second after the newest event), no --window and the default --gap of 30
minutes. "Later" among events at the same second means later in the input,
as in ec-features: every sort here is stable. The users table includes the
tags. Rows are written as JSON Lines, sorted by user or item, NaN (an
empty value) as null.

compare matches the rows of the two outputs by key and prints, per column,
how many rows differ: counts and strings exactly, real numbers within a
relative 1e-6 or 5e-7 absolute: ec-features writes them rounded to 6
decimals, so a ratio such as 0.021008 (pandas 0.0210084033...) is off by
up to half the last place, more than 1e-6 relative for small values. It
exits 1 when any row or value differs.

Run with Debian's /usr/bin/python3; pandas comes from python3-pandas.
Phase timings go to standard error.
"""
import sys
import time

import numpy as np
import pandas as pd

CHUNK = 200_000
DAY = 86400
GAP = 30 * 60
STR_COLS = ("ts", "user", "item", "event", "session", "category", "order", "text")
NUM_COLS = ("qty", "price", "value", "dwell")
USER_COLS = ("ts", "user", "item", "event", "price", "qty", "order", "session", "category",
             "dwell")
ITEM_COLS = ("ts", "item", "event", "price", "qty")
TAGS = ("new", "active", "lapsed", "high_value", "price_sensitive", "frequent_buyer",
        "cart_abandoner")

t_start = time.monotonic()


def phase(what):
    print(f"features_pandas: {what}: {time.monotonic() - t_start:.1f} s", file=sys.stderr)


def read_events(path, keep):
    """The events of path with the columns keep, ts as epoch seconds in t."""
    dtype = {c: object for c in STR_COLS}
    dtype.update({c: "float64" for c in NUM_COLS})
    parts = []
    reader = pd.read_json(path, lines=True, chunksize=CHUNK, dtype=dtype, convert_dates=False)
    with reader:
        for chunk in reader:
            # reindex: a chunk may lack a column (no order ids in it)
            parts.append(chunk.reindex(columns=list(keep)))
    df = pd.concat(parts, ignore_index=True)
    del parts
    df["t"] = pd.to_datetime(df.pop("ts"), utc=True).values.view("int64") // 10**9
    phase(f"read {len(df)} events")
    return df


def amount(df):
    """qty x price of purchases, minus it for returns, 0 for other events
    and events without a price; qty 1 when absent."""
    a = (df["qty"].fillna(1.0).abs() * df["price"]).fillna(0.0)
    ev = df["event"]
    return a.where(ev.eq("purchase"), 0.0) - a.where(ev.eq("return"), 0.0)


def kind_counts(df, key):
    kinds = ["view", "click", "cart", "purchase"]
    c = df.loc[df["event"].isin(kinds)].groupby([key, "event"]).size().unstack(fill_value=0)
    c = c.reindex(columns=kinds, fill_value=0)
    c.columns = ["n_" + k for k in kinds]
    return c


def users(path):
    df = read_events(path, USER_COLS)
    asof = int(df["t"].max()) + 1
    df = df[df["t"] < asof]
    # by user and time, ties in input order (stable), as ec-features
    df = df.sort_values(["user", "t"], kind="stable", ignore_index=True)
    phase("sorted")
    u, t, ev = df["user"], df["t"], df["event"]
    out = pd.DataFrame(index=pd.Index(u.unique(), name="user"))

    out = out.join(kind_counts(df, "user"))
    pur = ev.eq("purchase")
    last_pur = t[pur].groupby(u[pur]).max()
    out["recency_days"] = (asof - last_pur) // DAY
    p = df.loc[pur, ["user", "order", "t"]]
    freq = p.groupby("user")["order"].nunique()  # distinct order ids
    noorder = p[p["order"].isna()]
    freq = freq.add(noorder.groupby("user")["t"].nunique(), fill_value=0)  # distinct times
    out["frequency"] = freq
    out["monetary"] = amount(df).groupby(u).sum()

    cats = df.loc[df["category"].notna()].groupby(["user", "category"]).size()
    cats = cats.rename("n").reset_index()
    cats = cats.sort_values(["user", "n", "category"], ascending=[True, False, True],
                            kind="stable")
    out["top_categories"] = cats.groupby("user").head(3).groupby("user")["category"].agg(
        " ".join)

    priced = df.loc[ev.isin(["view", "purchase"]) & df["price"].notna(), ["user", "price"]]
    q = priced.groupby("user")["price"].quantile([0.1, 0.9]).unstack()  # linear: type 7
    out["price_p10"] = q[0.1]
    out["price_p90"] = q[0.9]
    phase("counts, recency_days, frequency, monetary, top_categories, quantiles")

    # dwell: the event's own, else the time to the next event of its
    # session: its session id, else its inactivity session USER-k
    newsess = (t.diff() > GAP) | u.ne(u.shift())
    sid = df["session"].copy()
    miss = sid.isna()
    if miss.any():
        k = newsess.astype("int64").groupby(u).cumsum()
        sid[miss] = u[miss] + "-" + k[miss].astype(str)
    nxt = t.groupby([u, sid], sort=False).shift(-1)
    dwell = df["dwell"].fillna(nxt - t)
    out["dwell_mean"] = dwell.groupby(u).mean()
    phase("dwell_mean")

    views = df.loc[ev.eq("view"), ["user", "item"]].iloc[::-1]  # newest first
    views = views.drop_duplicates().groupby("user", sort=False).head(10)
    out["last_items"] = views.groupby("user")["item"].agg(" ".join)

    # tags
    first_t = t.groupby(u).min()
    last_t = t.groupby(u).max()
    recent = asof - 7 * DAY
    tag = {"new": first_t >= recent, "active": last_t >= recent}
    tag["lapsed"] = (last_pur < asof - 60 * DAY).reindex(out.index, fill_value=False)
    # high_value on monetary as written (6 decimals), as ec-features does
    mon = out["monetary"].round(6)
    buyers = out["frequency"].fillna(0) > 0
    thr = mon[buyers].quantile(0.9) if buyers.any() else np.inf
    tag["high_value"] = buyers & (mon > 0) & (mon >= thr)
    median = df.loc[df["price"].notna()].groupby("item")["price"].quantile(0.5)
    pp = df.loc[pur & df["price"].notna(), ["user", "item", "price"]]
    med = pp["item"].map(median)
    pp = pp[med.notna()]
    cheap = (pp["price"] < med[med.notna()]).groupby(pp["user"]).agg(["sum", "count"])
    tag["price_sensitive"] = (cheap["sum"] >= 0.5 * cheap["count"]).reindex(
        out.index, fill_value=False)
    tag["frequent_buyer"] = out["frequency"].fillna(0) >= 3
    # cart_abandoner: the last cart of an item after its last purchase
    # (df's index is the position in time order)
    lastcart = df.loc[ev.eq("cart"), ["user", "item"]].reset_index().groupby(
        ["user", "item"])["index"].max()
    lastbuy = df.loc[pur, ["user", "item"]].reset_index().groupby(
        ["user", "item"])["index"].max().reindex(lastcart.index)
    abandoned = lastcart[lastbuy.isna() | (lastbuy < lastcart)]
    tag["cart_abandoner"] = pd.Series(True, index=abandoned.index.get_level_values(0).unique())
    tags = pd.Series("", index=out.index)
    for name in TAGS:
        m = tag[name].reindex(out.index, fill_value=False).astype(bool)
        tags = tags.where(~m, tags + " " + name)
    out["tags"] = tags.str.lstrip(" ").replace("", np.nan)
    phase("last_items, tags")

    for c in ("n_view", "n_click", "n_cart", "n_purchase", "frequency"):
        out[c] = out[c].fillna(0).astype("int64")
    out["recency_days"] = out["recency_days"].astype("Int64")
    out = out.sort_index()
    out.reset_index().to_json(sys.stdout, orient="records", lines=True, double_precision=15)
    sys.stdout.write("\n")
    phase(f"wrote {len(out)} users")


def items(path):
    df = read_events(path, ITEM_COLS)
    asof = int(df["t"].max()) + 1
    df = df[(df["t"] < asof) & df["item"].notna()]  # searches have no item
    it, t = df["item"], df["t"]
    out = pd.DataFrame(index=pd.Index(it.unique(), name="item").sort_values())
    out = out.join(kind_counts(df, "item"))
    for c in ("n_view", "n_click", "n_cart", "n_purchase"):
        out[c] = out[c].fillna(0).astype("int64")
    nv = out["n_view"].where(out["n_view"] > 0)
    out["ctr"] = out["n_click"] / nv
    out["conversion"] = out["n_purchase"] / nv
    out["revenue"] = amount(df).groupby(it).sum()
    out["price_mean"] = df["price"].groupby(it).mean()
    last7 = (t >= asof - 7 * DAY).groupby(it).sum()
    prev28 = ((t >= asof - 35 * DAY) & (t < asof - 7 * DAY)).groupby(it).sum()
    out["trend"] = (last7 / 7) / (prev28.where(prev28 > 0) / 28)
    out.reset_index().to_json(sys.stdout, orient="records", lines=True, double_precision=15)
    sys.stdout.write("\n")
    phase(f"wrote {len(out)} items")


COMPARE = {
    "users": ("user", ["n_view", "n_click", "n_cart", "n_purchase", "recency_days", "frequency"],
              ["monetary", "price_p10", "price_p90", "dwell_mean"],
              ["top_categories", "last_items", "tags"]),
    "items": ("item", ["n_view", "n_click", "n_cart", "n_purchase"],
              ["ctr", "conversion", "revenue", "price_mean", "trend"], []),
}


def compare(table, ec_path, pd_path):
    key, ints, reals, strs = COMPARE[table]
    dtype = {c: object for c in [key] + strs}

    def load(p):
        d = pd.read_json(p, lines=True, dtype=dtype, convert_dates=False)
        return d.reindex(columns=[key] + ints + reals + strs).set_index(key)

    a, b = load(ec_path), load(pd_path)
    only_a = a.index.difference(b.index)
    only_b = b.index.difference(a.index)
    both = a.index.intersection(b.index)
    a, b = a.loc[both], b.loc[both]
    bad = len(only_a) + len(only_b)
    print(f"{table}: {len(both)} rows in both, {len(only_a)} only in ec-features, "
          f"{len(only_b)} only in pandas")
    for kind, cols in (("count", ints), ("real", reals), ("string", strs)):
        for c in cols:
            x, y = a[c], b[c]
            same = x.isna() & y.isna()
            if kind == "real":
                xv, yv = x.astype(float), y.astype(float)
                tol = np.maximum(1e-6 * np.maximum(xv.abs(), yv.abs()), 5e-7 + 1e-12)
                same |= (xv - yv).abs() <= tol
            elif kind == "count":
                same |= x.astype(float).eq(y.astype(float))
            else:
                same |= x.eq(y)
            n = int((~same).sum())
            bad += n
            line = f"  {c:<15} {kind:<6} {n} mismatches"
            if n:
                k = same[~same].index[0]
                line += f" (e.g. {k}: ec-features {x[k]!r}, pandas {y[k]!r})"
            print(line)
    return 1 if bad else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "about":
        print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}"
              f" (pd.read_json(lines=True, chunksize={CHUNK}, dtype=...), then groupby)")
        return 0
    if len(argv) == 3 and argv[1] in ("users", "items"):
        (users if argv[1] == "users" else items)(argv[2])
        return 0
    if len(argv) == 5 and argv[1] == "compare" and argv[2] in COMPARE:
        return compare(argv[2], argv[3], argv[4])
    print("usage: features_pandas.py users|items EVENTS.jsonl\n"
          "       features_pandas.py about\n"
          "       features_pandas.py compare users|items EC.jsonl PANDAS.jsonl", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
