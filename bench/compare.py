#!/usr/bin/env python3
"""Compares `branchlens score`'s CSV with bench/polars_score.py's CSV, customer by customer.

    python3 bench/compare.py RUST.csv POLARS.csv [--examples N]

Prints customer counts, the agreement of each categorical column (percent of the customers
present in both files), the largest absolute differences of contribution and s3 (and how many
are equal to the bit), and the first differing rows of each column. Never fails on a
difference: exit 0 unless a file cannot be read.
"""

import argparse

import polars as pl

COLS = ["tier", "rising", "churn_points", "churn_level", "churn_reasons", "risk_class", "kind", "branch_id",
        "manager_id", "period"]
NUMS = ["contribution", "s3"]


def read(path):
    schema = {c: pl.String for c in COLS + ["customer_id"]}
    schema.update({c: pl.Float64 for c in NUMS})
    df = pl.read_csv(path, schema_overrides=schema)
    return df.with_columns(pl.col(c).fill_null("") for c in COLS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rust")
    ap.add_argument("polars")
    ap.add_argument("--examples", type=int, default=3)
    a = ap.parse_args()
    r, p = read(a.rust), read(a.polars)
    j = r.join(p, on="customer_id", how="inner", suffix="_py")
    n = j.height
    only_r = r.join(p, on="customer_id", how="anti").height
    only_p = p.join(r, on="customer_id", how="anti").height
    print(f"customers: rust {r.height}, polars {p.height}, both {n}, only rust {only_r}, only polars {only_p}")
    if n == 0:
        return
    print(f"{'column':<15} {'agree':>9} {'differ':>7}")
    diffs = {}
    for c in COLS:
        bad = j.filter(pl.col(c) != pl.col(c + "_py"))
        diffs[c] = bad
        print(f"{c:<15} {100.0 * (n - bad.height) / n:>8.3f}% {bad.height:>7}")
    for c in NUMS:
        d = (pl.col(c) - pl.col(c + "_py")).abs()
        s = j.select(d.max().alias("max"), (pl.col(c) == pl.col(c + "_py")).sum().alias("eq"))
        mx, eq = s.row(0)
        print(f"{c:<15} max |diff| {mx:.3e}  bit-equal {100.0 * eq / n:.3f}% ({eq}/{n})")
        diffs[c] = j.filter(pl.col(c) != pl.col(c + "_py"))
    for c, bad in diffs.items():
        if bad.height and a.examples:
            print(f"first differences in {c}:")
            extra = [x for x in ("tier", "churn_reasons") if x != c]
            for row in bad.head(a.examples).select("customer_id", c, c + "_py", *extra).rows():
                print("   ", row)


if __name__ == "__main__":
    main()
