#!/usr/bin/env python3
"""An independent Polars implementation of `branchlens score`'s per-customer columns.

    python3 bench/polars_score.py DATA_DIR OUT.csv [--period YYYY-MM]

Reads DATA_DIR/customers.csv and DATA_DIR/managers.csv (UTF-8, the English or Chinese
column names of the v1 contract) and writes one row per customer present in the latest period
`L` with the columns of `branchlens score`: period, customer_id, kind, branch_id, manager_id,
contribution, s3, tier, rising, churn_points, churn_level, churn_reasons, risk_class.

It follows DESIGN.md "Metric definitions" with the default configuration, written from the
design text rather than from the Rust code, so that the benchmark can cross-check the core:

- P = sorted distinct periods (<= --period); "the last 3 months" etc. are positions in P.
- contribution in the design's term order; amounts taken to fen and back, like the core.
- s3/p3: mean over the customer's rows in the window, summed in period order.
- tiers per kind: rank by s3 desc, customer_id asc; vip <= ceil(5% n), key <= ceil(20% n);
  s3 < 0 -> below_cost without handing the place on.
- churn: FUNDS30/60 (baseline = the up-to-3 positions before L, f_prev >= 1000), TXN0/TXN50
  (t_prev >= 5), PRODUCT_LOST (vs the position before L), NO_CONTACT90/180 (vip/key; empty =
  > 180), MANAGER_LEFT (state = latest managers.csv row with period <= L, else undated),
  UNASSIGNED (vip/key; empty or unknown manager), COMPLAINTS1/3 (last 3 positions incl. L);
  graded signals fire their higher grade only; capped at 100.
- risk class for borrowers (loan_balance > 0; empty class = normal; empty overdue = 0).

Not a validator: it assumes a clean file (as `branchlens sample` writes); rows the core would
reject are not skipped here. Duplicate (period, customer_id) rows keep the first, like the core.

Prints one line to stderr: `polars load=…ms compute=…ms write=…ms total=…ms` (wall times
measured inside the script, i.e. excluding Python start-up and `import polars`).
"""

import argparse
import calendar
import csv
import datetime as dt
import sys
import time

T0 = time.perf_counter()
import polars as pl  # noqa: E402

T_IMPORT = time.perf_counter() - T0

# Default configuration (crates/core/src/config_default.toml).
DEPOSIT_SPREAD, LOAN_SPREAD, AUM_FEE_RATE = 0.015, 0.025, 0.005
COST_RETAIL, COST_CORPORATE, COST_PER_TXN = 5.0, 200.0, 0.5
CREDIT_COST = {"normal": 0.01, "special": 0.03, "substandard": 0.10, "doubtful": 0.20, "loss": 0.30}
VIP_PPM, KEY_PPM, WINDOW, RISING = 50_000, 200_000, 3, 1.5
FUNDS_MIN, DROP1, DROP1_PTS, DROP2, DROP2_PTS = 1000.0, 0.3, 25, 0.6, 40
TXN_MIN, TXN0_PTS, TXN_HALF, TXN50_PTS = 5.0, 20, 0.5, 15
PRODUCT_LOST_PTS = 15
NC1_DAYS, NC1_PTS, NC2_DAYS, NC2_PTS = 90, 10, 180, 20
MANAGER_LEFT_PTS, UNASSIGNED_PTS = 20, 10
COMPL_WINDOW, COMPL1, COMPL1_PTS, COMPL3, COMPL3_PTS = 3, 1, 10, 3, 20
BASELINE_WINDOW, CAP, YELLOW, ORANGE, RED = 3, 100, 30, 50, 70
EXIT_DOUBTFUL_OVERDUE, DOUBTFUL_OVERDUE, WATCH_DROP = 180, 90, 0.3

CUSTOMER_ALIASES = {
    "期间": "period", "客户号": "customer_id", "客户名称": "name", "客户类型": "kind",
    "机构号": "branch_id", "客户经理号": "manager_id", "开户日期": "open_date",
    "存款日均": "deposit_avg", "贷款余额": "loan_balance", "金融资产": "aum",
    "中间业务收入": "fee_income", "持有产品": "products", "交易笔数": "txn_count", "行业": "industry",
    "五级分类": "loan_class", "逾期天数": "overdue_days", "最近联系日期": "last_contact",
    "投诉次数": "complaints", "手机号": "phone",
}
MANAGER_ALIASES = {
    "客户经理号": "manager_id", "姓名": "name", "机构号": "branch_id", "等级": "grade",
    "入职日期": "hire_date", "状态": "status", "期间": "period",
}
AMOUNTS = ["deposit_avg", "loan_balance", "aum", "fee_income"]


def header_map(path, aliases):
    """Actual header name -> contract name (case-insensitive, BOM stripped, aliases)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    out = {}
    for h in header:
        key = h.strip()
        name = aliases.get(key, key.lower())
        out[h] = name
    return out


def read_customers(path):
    hm = header_map(path, CUSTOMER_ALIASES)
    wanted = {"period", "customer_id", "kind", "branch_id", "manager_id", "products", "txn_count",
              "loan_class", "overdue_days", "last_contact", "complaints", *AMOUNTS}
    cols = [h for h, n in hm.items() if n in wanted]
    ints = {"txn_count", "overdue_days", "complaints"}
    schema = {h: (pl.Float64 if hm[h] in AMOUNTS else pl.Int64 if hm[h] in ints else pl.String) for h in cols}
    df = pl.read_csv(path, columns=cols, schema_overrides=schema, encoding="utf8")
    df = df.rename({h: hm[h] for h in cols})
    for opt, dtype in (("loan_class", pl.String), ("overdue_days", pl.Int64), ("last_contact", pl.String),
                       ("complaints", pl.Int64)):
        if opt not in df.columns:
            df = df.with_columns(pl.lit(None, dtype).alias(opt))
    return df


def read_managers(path):
    hm = header_map(path, MANAGER_ALIASES)
    cols = [h for h, n in hm.items() if n in ("manager_id", "status", "period")]
    df = pl.read_csv(path, columns=cols, schema_overrides={h: pl.String for h in cols}, encoding="utf8")
    df = df.rename({h: hm[h] for h in cols})
    if "period" not in df.columns:
        df = df.with_columns(pl.lit(None, pl.String).alias("period"))
    return df


def norm_kind(e):
    s = e.str.strip_chars()
    low = s.str.to_lowercase()
    return (pl.when((low == "retail") | s.is_in(["对私", "个人", "零售"])).then(pl.lit("retail"))
            .when((low == "corporate") | s.is_in(["对公", "公司", "企业"])).then(pl.lit("corporate")))


def norm_class(e):
    s = e.str.strip_chars()
    low = s.str.to_lowercase()
    return (pl.when(low.is_in(["normal", "pass"]) | (s == "正常")).then(pl.lit("normal"))
            .when(low.is_in(["special", "special mention"]) | (s == "关注")).then(pl.lit("special"))
            .when((low == "substandard") | (s == "次级")).then(pl.lit("substandard"))
            .when((low == "doubtful") | (s == "可疑")).then(pl.lit("doubtful"))
            .when((low == "loss") | (s == "损失")).then(pl.lit("loss")))


def norm_status(e):
    s = e.str.strip_chars()
    low = s.str.to_lowercase()
    return (pl.when((low == "active") | s.is_in(["在岗", "在职"])).then(pl.lit("active"))
            .when((low == "left") | s.is_in(["离岗", "离职"])).then(pl.lit("left")))


def ceil_ppm(n, ppm):
    return (n * ppm + 999_999) // 1_000_000


def score(cust, mgr, period=None):
    c = cust.with_columns(
        pl.col("period").str.strip_chars(),
        pl.col("customer_id").str.strip_chars(),
        pl.col("branch_id").str.strip_chars(),
        pl.col("manager_id").str.strip_chars().fill_null(""),
        norm_kind(pl.col("kind")).alias("kind"),
        norm_class(pl.col("loan_class")).alias("loan_class"),
        pl.col("last_contact").str.strip_chars().str.to_date("%Y-%m-%d", strict=False),
        *[(pl.col(a) * 100.0).round().cast(pl.Int64).alias(a + "_fen") for a in AMOUNTS],
    )
    periods = sorted(p for p in c.get_column("period").unique().to_list() if p is not None)
    if period is not None:
        periods = [p for p in periods if p <= period]
    if not periods or (period is not None and periods[-1] != period):
        return None, pl.DataFrame()
    lp = periods[-1]
    lpos = len(periods) - 1
    pos_of = {p: i for i, p in enumerate(periods)}
    c = c.filter(pl.col("period").is_in(periods[max(0, lpos - 2 * WINDOW + 1):]))
    c = c.unique(subset=["period", "customer_id"], keep="first", maintain_order=True)

    # Polars divides by a scalar as a multiplication by its reciprocal (not correctly rounded,
    # so up to 1 ulp off IEEE division); dividing by a materialised constant column divides.
    c = c.with_columns(pl.repeat(100.0, c.height, eager=True).alias("_100"),
                       pl.repeat(12.0, c.height, eager=True).alias("_12"))
    yuan = {a: pl.col(a + "_fen") / pl.col("_100") for a in AMOUNTS}
    loan = yuan["loan_balance"]
    eff_class = pl.when(pl.col("loan_balance_fen") > 0).then(pl.col("loan_class").fill_null("normal"))
    rate = eff_class.replace_strict(CREDIT_COST, default=0.0, return_dtype=pl.Float64).fill_null(0.0)
    cost = pl.when(pl.col("kind") == "retail").then(pl.lit(COST_RETAIL)).otherwise(pl.lit(COST_CORPORATE))
    # The design's term order, left to right.
    twelve = pl.col("_12")
    contribution = (yuan["deposit_avg"] * DEPOSIT_SPREAD / twelve
                    + loan * LOAN_SPREAD / twelve
                    + yuan["aum"] * AUM_FEE_RATE / twelve
                    + yuan["fee_income"]
                    - cost
                    - pl.col("txn_count").cast(pl.Float64) * COST_PER_TXN
                    - loan * rate / twelve)
    products = (pl.col("products").fill_null("").str.split(";")
                .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != "")))
    c = c.with_columns(
        contribution.alias("contrib"),
        (pl.col("deposit_avg_fen") + pl.col("aum_fen")).alias("funds"),
        products.alias("prods"),
        eff_class.alias("eff_class"),
        pl.col("period").replace_strict(pos_of, return_dtype=pl.Int32).alias("pos"),
    )

    cur = c.filter(pl.col("pos") == lpos)
    # Columns of the customer's row d positions before L (d = 1..5), null without a row.
    per = ["contrib", "funds", "txn_count", "complaints", "prods"]
    for d in range(1, 2 * WINDOW):
        names = {k: f"{k}_{d}" for k in per}
        if lpos - d >= 0:
            prev = c.filter(pl.col("pos") == lpos - d).select("customer_id", *per).rename(names)
            cur = cur.join(prev, on="customer_id", how="left")
        else:
            cur = cur.with_columns(pl.lit(None, c.schema[k]).alias(v) for k, v in names.items())

    def present(d):
        return pl.col(f"contrib_{d}").is_not_null() if d else pl.lit(True)

    def val(k, d):
        return pl.col(f"{k}_{d}") if d else pl.col(k)

    # s3 over positions L-2, L-1, L (period order); p3 over L-5..L-3.
    s3_ds = list(range(WINDOW - 1, -1, -1))
    p3_ds = list(range(2 * WINDOW - 1, WINDOW - 1, -1))

    def window_sum(ds_, k, zero):
        e = None
        for d in ds_:
            t = val(k, d).fill_null(zero)
            e = t if e is None else e + t
        return e

    def window_rows(ds_):
        return pl.sum_horizontal([present(d).cast(pl.Int64) for d in ds_])

    base_ds = list(range(BASELINE_WINDOW, 0, -1))
    compl_ds = list(range(COMPL_WINDOW - 1, -1, -1))
    cur = cur.with_columns(
        (window_sum(s3_ds, "contrib", 0.0) / window_rows(s3_ds).cast(pl.Float64)).alias("s3"),
        pl.when(window_rows(p3_ds) > 0)
        .then(window_sum(p3_ds, "contrib", 0.0) / window_rows(p3_ds).cast(pl.Float64)).alias("p3"),
        window_rows(base_ds).alias("bk"),
        window_sum(base_ds, "funds", 0).alias("bfunds"),
        window_sum(base_ds, "txn_count", 0).alias("btxn"),
        window_sum(compl_ds, "complaints", 0).alias("compl"),
    )

    # Tiers per kind.
    cur = cur.sort(["s3", "customer_id"], descending=[True, False])
    # Int64: pl.len() is UInt32, and n × ppm overflows it from n ≈ 21,475.
    rank = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("kind")
    n = pl.len().cast(pl.Int64).over("kind")
    cur = cur.with_columns(
        pl.when(pl.col("s3") < 0).then(pl.lit("below_cost"))
        .when(rank <= ceil_ppm(n, VIP_PPM)).then(pl.lit("vip"))
        .when(rank <= ceil_ppm(n, KEY_PPM)).then(pl.lit("key"))
        .otherwise(pl.lit("ordinary")).alias("tier"),
        (pl.col("p3").is_not_null() & (pl.col("p3") > 0) & (pl.col("s3") >= RISING * pl.col("p3")))
        .fill_null(False).alias("rising"),
    )

    # Manager state in L: latest row with period <= L, else the undated row.
    m = mgr.with_columns(pl.col("manager_id").str.strip_chars(), pl.col("period").str.strip_chars(),
                         norm_status(pl.col("status")).alias("status"))
    m = m.with_columns(pl.when(pl.col("period") == "").then(None).otherwise(pl.col("period")).alias("period"))
    m = m.unique(subset=["manager_id", "period"], keep="first", maintain_order=True)
    dated = (m.filter(pl.col("period").is_not_null() & (pl.col("period") <= lp))
             .sort("period").group_by("manager_id").agg(pl.col("status").last()))
    undated = m.filter(pl.col("period").is_null()).select("manager_id", "status")
    state = (pl.concat([dated.with_columns(pl.lit(0).alias("pri")), undated.with_columns(pl.lit(1).alias("pri"))])
             .sort("pri").unique(subset=["manager_id"], keep="first").select("manager_id", pl.col("status").alias("mstatus")))
    cur = cur.join(state, on="manager_id", how="left")

    y, mo = int(lp[:4]), int(lp[5:7])
    last_day = dt.date(y, mo, calendar.monthrange(y, mo)[1])
    valuable = pl.col("tier").is_in(["vip", "key"])
    f_prev = pl.col("bfunds").cast(pl.Float64) / (100.0 * pl.col("bk").cast(pl.Float64))
    drop = (pl.when((pl.col("bk") > 0) & (f_prev >= FUNDS_MIN) & (pl.col("bfunds") > 0))
            .then((pl.col("bfunds") - pl.col("bk") * pl.col("funds")).cast(pl.Float64) / pl.col("bfunds").cast(pl.Float64)))
    t_prev = pl.col("btxn").cast(pl.Float64) / pl.col("bk").cast(pl.Float64)
    txn_ok = (pl.col("bk") > 0) & (t_prev >= TXN_MIN)
    days = (pl.lit(last_day) - pl.col("last_contact")).dt.total_days()
    cur = cur.with_columns(drop.alias("drop"), days.alias("days"))
    d = pl.col("drop")
    lost = pl.col("prods_1").list.set_difference(pl.col("prods")).list.len() > 0
    nc180 = valuable & (pl.col("days").is_null() | (pl.col("days") > NC2_DAYS))
    nc90 = valuable & pl.col("days").is_not_null() & (pl.col("days") > NC1_DAYS) & (pl.col("days") <= NC2_DAYS)
    signals = [
        ("FUNDS30", d.is_not_null() & (d >= DROP1) & (d < DROP2), DROP1_PTS),
        ("FUNDS60", d.is_not_null() & (d >= DROP2), DROP2_PTS),
        ("TXN0", txn_ok & (pl.col("txn_count") == 0), TXN0_PTS),
        ("TXN50", txn_ok & (pl.col("txn_count") > 0) & (pl.col("txn_count").cast(pl.Float64) <= TXN_HALF * t_prev),
         TXN50_PTS),
        ("PRODUCT_LOST", pl.col("prods_1").is_not_null() & lost, PRODUCT_LOST_PTS),
        ("NO_CONTACT90", nc90, NC1_PTS),
        ("NO_CONTACT180", nc180, NC2_PTS),
        ("MANAGER_LEFT", pl.col("mstatus") == "left", MANAGER_LEFT_PTS),
        ("UNASSIGNED", valuable & pl.col("mstatus").is_null(), UNASSIGNED_PTS),
        ("COMPLAINTS1", (pl.col("compl") >= COMPL1) & (pl.col("compl") < COMPL3), COMPL1_PTS),
        ("COMPLAINTS3", pl.col("compl") >= COMPL3, COMPL3_PTS),
    ]
    cur = cur.with_columns([cond.fill_null(False).alias(f"sig_{code}") for code, cond, _ in signals])
    points = pl.min_horizontal(
        pl.sum_horizontal([pl.col(f"sig_{code}").cast(pl.Int64) * pts for code, _, pts in signals]), pl.lit(CAP))
    reasons = pl.concat_str([pl.when(pl.col(f"sig_{code}")).then(pl.lit(code)) for code, _, _ in signals],
                            separator="|", ignore_nulls=True)
    cls = pl.col("eff_class")
    od = pl.col("overdue_days").fill_null(0)
    risk = (pl.when(cls.is_null()).then(pl.lit("normal"))
            .when((cls == "loss") | ((cls == "doubtful") & (od > EXIT_DOUBTFUL_OVERDUE))).then(pl.lit("exit"))
            .when(cls.is_in(["substandard", "doubtful"]) | (od > DOUBTFUL_OVERDUE)).then(pl.lit("doubtful"))
            .when((cls == "special") | (od >= 1) | (d.is_not_null() & (d >= WATCH_DROP))).then(pl.lit("watch"))
            .otherwise(pl.lit("normal")))
    cur = cur.with_columns(points.alias("churn_points"), reasons.fill_null("").alias("churn_reasons"),
                           risk.alias("risk_class"))
    level = (pl.when(pl.col("churn_points") >= RED).then(pl.lit("red"))
             .when(pl.col("churn_points") >= ORANGE).then(pl.lit("orange"))
             .when(pl.col("churn_points") >= YELLOW).then(pl.lit("yellow")).otherwise(pl.lit("none")))
    out = cur.with_columns(level.alias("churn_level"), pl.col("contrib").alias("contribution")).sort("customer_id")
    return lp, out.select("period", "customer_id", "kind", "branch_id", "manager_id", "contribution", "s3", "tier",
                          "rising", "churn_points", "churn_level", "churn_reasons", "risk_class")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("out")
    ap.add_argument("--period")
    a = ap.parse_args()
    t0 = time.perf_counter()
    cust = read_customers(f"{a.data_dir}/customers.csv")
    mgr = read_managers(f"{a.data_dir}/managers.csv")
    t1 = time.perf_counter()
    lp, out = score(cust, mgr, a.period)
    t2 = time.perf_counter()
    out.write_csv(a.out)
    t3 = time.perf_counter()
    ms = lambda s: s * 1000.0  # noqa: E731
    print(f"polars load={ms(t1 - t0):.1f}ms compute={ms(t2 - t1):.1f}ms write={ms(t3 - t2):.1f}ms "
          f"total={ms(t3 - t0):.1f}ms import={ms(T_IMPORT):.1f}ms threads={pl.thread_pool_size()} "
          f"version={pl.__version__} period={lp} customers={out.height}", file=sys.stderr)


if __name__ == "__main__":
    main()
