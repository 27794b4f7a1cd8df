#!/usr/bin/env python3
"""check_headlines.py - recompute a briefing's headline numbers from the
facts table, by a route independent of tally's C code, and compare them
with the numbers the briefing printed (its report.json).

usage: check_headlines.py FACTS.tsv RATES.tsv REPORT.json [CURRENCY]

The rule is the aggregation's documented one (docs-aggregate.md), written
again here from the documentation: per bulletin and (category, unit) one
figure -- context never; the largest total, or an at_least total below an
at_most largest total as a range (midpoint); without a total the distinct
parts (value, place, item) summed -- then probable duplicates (same
category, unit and place, another source, within 1 % and 14 days of an
earlier kept figure, in the order published, bulletin, category, unit;
only figures with a place or of 100 and more take part)
left out, and money converted at the month's rate.  Prints each number
compared; exits 1 on any difference.
"""
import csv
import datetime
import json
import math
import statistics
import sys

MARGIN = 0.10


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_facts(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    head = rows[0]
    facts = []
    for r in rows[1:]:
        d = {k: unescape(v) for k, v in zip(head, r)}
        d["value"] = float(d["value"])
        facts.append(d)
    return facts


def read_rates(path):
    rates = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split()
            if parts[0] == "month":
                continue
            rates[(parts[0], parts[1])] = float(parts[2])
    return rates


def bounds(v, q):
    m = MARGIN * abs(v)
    lo = v - m if q in ("at_most", "approx") else v
    hi = v + m if q in ("at_least", "approx") else v
    return lo, hi


def pick(cluster):
    """One figure (value, low, high, place) of one bulletin's cluster."""
    kept = [f for f in cluster if f["scope"] != "context"]
    if not kept:
        return None
    totals = [f for f in kept if f["scope"] == "total"]
    if totals:
        top = None
        for f in totals:                      # the first of the largest
            if top is None or f["value"] > top["value"]:
                top = f
        low = None
        if top["qualifier"] == "at_most":
            for f in totals:
                if f["qualifier"] == "at_least" and f["value"] < top["value"] and \
                        (low is None or f["value"] > low["value"]):
                    low = f
        if low:
            return ((low["value"] + top["value"]) / 2, low["value"], top["value"], top["place"])
        lo, hi = bounds(top["value"], top["qualifier"])
        return (top["value"], lo, hi, top["place"])
    seen, v, lo, hi, place = [], 0.0, 0.0, 0.0, None
    for f in kept:
        key = (f["value"], f["place"], f["item"])
        if key in seen:
            continue
        seen.append(key)
        a, b = bounds(f["value"], f["qualifier"])
        v, lo, hi = v + f["value"], lo + a, hi + b
        place = f["place"] if place is None or place == f["place"] else ""
    return (v, lo, hi, place)


def figures_of(facts, category_of):
    """Figures: one per bulletin per (category, unit); category_of maps a
    fact to its category (or None to leave it out)."""
    bulletins, order = {}, []
    for f in facts:
        cat = category_of(f)
        if cat is None:
            continue
        key = f["bulletin_id"]
        if key not in bulletins:
            bulletins[key] = {}
            order.append(key)
        bulletins[key].setdefault((cat, f["unit"]), []).append(f)
    figs = []
    for b in order:
        for (cat, unit), cl in bulletins[b].items():
            p = pick(cl)
            if p is None:
                continue
            f0 = cl[0]
            figs.append({"bulletin": b, "source": f0["source"], "published": f0["published"],
                         "category": cat, "unit": unit, "value": p[0], "low": p[1],
                         "high": p[2], "place": p[3]})
    return figs


def day(s):
    return datetime.date.fromisoformat(s).toordinal()


def drop_duplicates(figs):
    figs = sorted(figs, key=lambda g: (g["published"], g["bulletin"], g["category"], g["unit"]))
    kept = []
    for g in figs:
        # only distinctive figures take part: a place, or 100 and more
        if not g["place"] and abs(g["value"]) < 100:
            continue
        dup = any(k["category"] == g["category"] and k["unit"] == g["unit"] and
                  k["place"] == g["place"] and k["source"] != g["source"] and
                  abs(day(k["published"]) - day(g["published"])) <= 14 and
                  abs(k["value"] - g["value"]) <= 0.01 * max(abs(k["value"]), abs(g["value"]))
                  for k in kept)
        if dup:
            g["dup"] = True
        else:
            kept.append(g)
    return [g for g in figs if not g.get("dup")]


def convert(figs, rates, currency):
    out = []
    for g in figs:
        u = g["unit"]
        if len(u) == 3 and u.isupper() and u != currency:
            m = g["published"][:7]
            r = 1.0 if u == "USD" else rates.get((m, u))
            to = 1.0 if currency == "USD" else rates.get((m, currency))
            if r is None or to is None:
                g = dict(g, unit=u + "?")          # unconverted: its own group
            else:
                k = to / r
                g = dict(g, unit=currency, value=g["value"] * k, low=g["low"] * k,
                         high=g["high"] * k)
        out.append(g)
    return out


def months_between(a, b):
    y, m = int(a[:4]), int(a[5:7])
    out = []
    while "%04d-%02d" % (y, m) <= b:
        out.append("%04d-%02d" % (y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def slope(points):
    xs = [i for i, v in enumerate(points) if v is not None]
    ys = [v for v in points if v is not None]
    if len(xs) < 3:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    facts = read_facts(sys.argv[1])
    rates = read_rates(sys.argv[2])
    report = json.load(open(sys.argv[3], encoding="utf-8"))
    cur = sys.argv[4] if len(sys.argv) == 5 else "USD"
    month = report["month"]
    got = {n["key"]: n for n in report["numbers"]}

    figs = convert(drop_duplicates(figures_of(facts, lambda f: f["category"])), rates, cur)
    items = convert(drop_duplicates(figures_of(
        facts, lambda f: "seized:" + (f["item"] or "unnamed items")
        if f["category"] == "seizure_quantity" else None)), rates, cur)
    with_facts = {f["published"][:7] for f in facts}
    months = months_between(min(with_facts), max(with_facts)) if with_facts else []
    prev = months[months.index(month) - 1] if month in months and months.index(month) > 0 else None

    def sel(fs, m, cat, unit):
        return [g for g in fs if g["published"][:7] == m and g["category"] == cat and g["unit"] == unit]

    expect = {}
    for key, cat, unit in (("arrests", "arrests", "count"), ("victims", "victims", "count"),
                           ("losses", "financial_loss", cur), ("seizure_value", "seizure_value", cur)):
        gs = sel(figs, month, cat, unit)
        e = {"value": sum(g["value"] for g in gs), "low": sum(g["low"] for g in gs),
             "high": sum(g["high"] for g in gs), "figures": len(gs),
             "bulletins": len({g["bulletin"] for g in gs})}
        if prev:
            e["previous"] = sum(g["value"] for g in sel(figs, prev, cat, unit))
            e["change_pct"] = (e["value"] - e["previous"]) / abs(e["previous"]) * 100 \
                if e["previous"] else None
        window = [m for m in months if m <= month][-12:]
        e["trend_slope"] = slope([sum(g["value"] for g in sel(figs, m, cat, unit))
                                  if m in with_facts else None for m in window])
        expect[key] = e
    gdp = [g["value"] for g in sel(figs, month, "gdp_share", "percent")]
    if gdp:
        expect["gdp_share"] = {"value": statistics.median(gdp), "low": min(gdp),
                               "high": max(gdp), "figures": len(gdp)}
    cty = [g["value"] for g in sel(figs, month, "countries", "count")]
    if cty:
        expect["countries"] = {"value": max(cty), "figures": len(cty)}
    for g in items:
        if g["published"][:7] != month:
            continue
        key = "%s:%s" % (g["category"], g["unit"])
        e = expect.setdefault(key, {"value": 0.0, "figures": 0})
        e["value"] += g["value"]
        e["figures"] += 1

    bad = 0
    for key, e in sorted(expect.items()):
        n = got.get(key)
        if n is None:
            print(f"FAIL {key}: not in the report (expected {e})")
            bad += 1
            continue
        for field, want in e.items():
            have = n.get(field)
            if field == "trend_slope" and want is None:
                ok = have is None
            else:
                ok = close(have, want)
            print(f"{'ok  ' if ok else 'FAIL'} {key}.{field}: report {have}, facts {want}")
            bad += not ok
    for key in got:
        if key not in expect and got[key]["figures"]:
            print(f"FAIL {key}: in the report but not in the facts")
            bad += 1
    print(f"{month}: {len(expect)} headline numbers recomputed, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
