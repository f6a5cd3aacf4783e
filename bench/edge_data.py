#!/usr/bin/env python3
"""A small, boundary-heavy data set for cross-checking `branchlens score` with
bench/polars_score.py (not a benchmark: the synthetic bank of `branchlens sample` never hits
some cases, e.g. TXN0, drops of exactly 30%/60%, last_contact exactly 90/180 days before or
after the end of L, managers known only after L, dated-vs-undated manager rows, gaps in the
periods, s3 ties, Chinese kind/class aliases, padded product lists).

    python3 bench/edge_data.py OUT_DIR [SEED]
    target/release/branchlens score OUT_DIR --out OUT_DIR/rs.csv
    python3 bench/polars_score.py OUT_DIR OUT_DIR/py.csv
    python3 bench/compare.py OUT_DIR/rs.csv OUT_DIR/py.csv
"""
import random, sys, os
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
periods = ["2025-01","2025-02","2025-04","2025-07","2025-08","2025-09","2025-10","2025-12"]
import calendar, datetime as dt
def lastday(p):
    y,m=int(p[:4]),int(p[5:]); return dt.date(y,m,calendar.monthrange(y,m)[1])
L = periods[-1]
mgrs = ["M1","M2","M3","M4","M5","M6","M9",""]
H="period,customer_id,name,kind,branch_id,manager_id,open_date,deposit_avg,loan_balance,aum,fee_income,products,txn_count,industry,loan_class,overdue_days,last_contact,complaints,phone"
rows=[H]
prods=["deposit","card","wealth","ebank","loan"]
N=4000
for i in range(N):
    cid=f"C{random.randrange(10**6):06d}x{i}"
    kind=random.choice(["retail","corporate","对公","个人"])
    mg=random.choice(mgrs)
    base=random.choice([1000,1000,2000,500,0,333.33,100000])
    t=random.choice([5,6,4,10,0])
    style=random.random()
    for pi,p in enumerate(periods):
        if random.random()<0.15: continue
        f=base
        if pi==len(periods)-1:
            f=random.choice([base, base*0.7, base*0.4, base*0.7001, base*0.69, 0, base*1.5])
        dep=round(f*random.choice([1,1,0.5]),2); aum=round(f-dep,2) if f>=dep else 0
        txn=t if pi<len(periods)-1 else random.choice([0,t//2,(t+1)//2,t,1,3])
        fee=random.choice([105,105,0,-50,300,12.34]) if style<0.5 else round(random.uniform(-100,3000),2)
        loan=random.choice([0,0,0,100000,5000.5])
        cls=random.choice(["","normal","special","substandard","doubtful","loss","正常","关注"]) if loan or random.random()<0.1 else ""
        od=random.choice(["","0","1","90","91","180","181"]) if random.random()<0.5 else ""
        ld=lastday(L)
        lc=random.choice(["", str(ld-dt.timedelta(days=90)), str(ld-dt.timedelta(days=91)), str(ld-dt.timedelta(days=180)),
                          str(ld-dt.timedelta(days=181)), str(ld+dt.timedelta(days=3)), str(ld-dt.timedelta(days=5)), "2020-01-01"])
        comp=random.choice(["","0","0","1","2","3"])
        pr=";".join(random.sample(prods,random.randrange(0,4)))
        if random.random()<0.1: pr=" "+pr.replace(";"," ; ")+" "
        rows.append(",".join([p,cid,"n",kind,"B1",mg,"2020-01-01",f"{dep:.2f}",f"{loan:.2f}",f"{aum:.2f}",f"{fee:.2f}",f'"{pr}"',str(txn),"",cls,od,lc,comp,""]))
open(f"{out}/customers.csv","w").write("\n".join(rows)+"\n")
M="manager_id,name,branch_id,grade,hire_date,status,period"
m=[M,"M1,a,B1,senior,2018-01-01,active,","M2,a,B1,senior,2018-01-01,left,",
   "M3,a,B1,senior,2018-01-01,active,2025-10","M3,a,B1,senior,2018-01-01,left,2026-01",
   "M4,a,B1,senior,2018-01-01,left,2026-02",
   "M5,a,B1,senior,2018-01-01,left,2025-02","M5,a,B1,senior,2018-01-01,active,2025-09","M5,a,B1,senior,2018-01-01,left,2025-12",
   "M6,a,B1,senior,2018-01-01,left,","M6,a,B1,senior,2018-01-01,active,2025-04"]
open(f"{out}/managers.csv","w").write("\n".join(m)+"\n")
