/* Branchlens explorer: filter segments and re-run customer scoring in the browser, no server.
 *
 * Loaded as a classic script after data/bundle.js (BRANCHLENS_BUNDLE, BRANCHLENS_EXPLORER) and
 * assets/branchlens_wasm.js (wasm_bindgen, BRANCHLENS_WASM), so it works from file:// and over
 * HTTP. Every figure comes from the core in wasm (branchlens_core::metrics, counts, figures);
 * this script only draws. Text from the data is inserted with textContent, never as HTML.
 * Strings exist in English and Chinese; <html lang> decides. View state lives in the URL hash.
 */
(function () {
  'use strict';

  var ZH = /^zh/i.test(document.documentElement.lang || '');
  var LOCALE = ZH ? 'zh-CN' : 'en';

  var S = {
    loading: ['Loading the explorer…', '正在加载数据探索…'],
    failed: ['The explorer could not start: ', '数据探索无法启动：'],
    locked: ['The explorer\'s data are encrypted: enter the password at the top of the page.', '数据探索的数据已加密：请在页面顶部输入密码。'],
    missing: ['a file of the explorer is missing (data/bundle.js or assets/branchlens_wasm.js).', '缺少数据探索的文件（data/bundle.js 或 assets/branchlens_wasm.js）。'],
    ready: ['{n} customers loaded in {ms} ms.', '已加载 {n} 个客户，用时 {ms} 毫秒。'],
    scope_branch: ['This site holds only branch {b}. Tiers (and the warnings that depend on them) are ranked here within the branch, while the report pages rank them bank-wide, so a customer\'s tier here can differ from the other pages.', '本站点只包含机构 {b} 的客户。此处的客户分层（以及依赖分层的预警）在本机构内排名，而报告其他页面按全行排名，因此同一客户在此处的分层可能与其他页面不同。'],
    masked: ['Names and phone numbers are masked.', '客户名称和手机号已脱敏。'],
    h_filters: ['Filters', '筛选'],
    h_totals: ['Selection', '当前选择'],
    h_charts: ['Distributions', '分布'],
    h_groups: ['Group by', '分组汇总'],
    h_params: ['Scoring parameters', '评分参数'],
    h_diff: ['Changes against the build', '与报告生成时的差异'],
    h_table: ['Customers', '客户明细'],
    branch: ['Branch', '机构'],
    manager: ['Manager', '客户经理'],
    kind: ['Kind', '客户类型'],
    tier: ['Tier', '客户分层'],
    level: ['Warning level', '预警等级'],
    risk: ['Risk class', '风险分类'],
    industry: ['Industry', '行业'],
    product: ['Product held', '持有产品'],
    reason: ['Warning reason', '预警原因'],
    contribution: ['Contribution', '贡献度'],
    s3: ['3-month avg. contribution', '近三月平均贡献'],
    aum: ['AUM', '金融资产'],
    deposit: ['Deposits (avg.)', '存款日均'],
    loan: ['Loans', '贷款余额'],
    fee: ['Fee income', '中间业务收入'],
    npl: ['NPL ratio', '不良率'],
    customers: ['Customers', '客户数'],
    id_search: ['Customer id or name', '客户号或名称'],
    min: ['min', '最小'],
    max: ['max', '最大'],
    moved_only: ['Only customers whose tier or warning level changed', '只看分层或预警等级有变化的客户'],
    reset_filters: ['Clear filters', '清除筛选'],
    any: ['(any)', '（全部）'],
    none: ['(none)', '（无）'],
    points: ['Points', '预警分数'],
    p_churn: ['P(churn)', '模型流失概率'],
    scoring_model: ['Churn scoring in force: fitted logistic model ([churn_model] in the configuration, {features} features, {horizon}-month horizon); its probability is shown beside the rule-based points, and the warning levels stay rule-based.', '当前流失评分：拟合的逻辑回归模型（配置中的 [churn_model]，{features} 个特征，{horizon} 个月预测期）；模型概率与规则分并列显示，预警等级仍按规则计分。'],
    scoring_rules: ['Churn scoring in force: rule-based points (no [churn_model] in the configuration).', '当前流失评分：规则计分（配置中没有 [churn_model]）。'],
    reasons: ['Reasons', '预警原因'],
    name: ['Name', '客户名称'],
    id: ['Customer id', '客户号'],
    rising: ['Rising', '上升'],
    moved_tier: ['Tier changed', '分层变化'],
    moved_level: ['Level changed', '预警等级变化'],
    moved_total: ['{n} customers changed tier or warning level ({t} tier, {l} level).', '{n} 个客户的分层或预警等级有变化（分层 {t} 个，预警等级 {l} 个）。'],
    moved_none: ['No customer changed tier or warning level.', '没有客户的分层或预警等级发生变化。'],
    show_moved: ['Show who changed', '查看变化的客户'],
    from_to: ['Build → now', '生成时 → 现在'],
    apply_note: ['Changes are applied at once: the core (in WebAssembly) re-scores every customer with the same functions as the branchlens command.', '修改后立即生效：浏览器中的核心程序（WebAssembly）用与 branchlens 命令相同的函数为每个客户重新评分。'],
    perf_note: ['Manager performance (targets and weights) is not re-scored here; change it in branchlens.toml.', '客户经理绩效（目标与权重）不在此处重新计算；请在 branchlens.toml 中修改。'],
    window_note: ['This site carries {n} months of history; longer windows need a new build.', '本站点包含 {n} 个月的历史数据；更长的窗口需要重新生成报告。'],
    reset_params: ['Back to the build parameters', '恢复生成时的参数'],
    export_toml: ['Download branchlens.toml', '下载 branchlens.toml'],
    export_csv: ['Export call list (CSV)', '导出客户名单（CSV）'],
    param_error: ['Parameters not applied: ', '参数未生效：'],
    rescored: ['Re-scored in {ms} ms.', '重新评分用时 {ms} 毫秒。'],
    page: ['Page {p} of {n}', '第 {p} / {n} 页'],
    prev: ['Previous', '上一页'],
    next: ['Next', '下一页'],
    rows: ['{n} customers', '{n} 个客户'],
    showing_groups: ['Showing {k} of {n} groups.', '显示 {n} 组中的 {k} 组。'],
    sort_by: ['Sort by {c}', '按{c}排序'],
    no_rows: ['No customer matches the filters.', '没有符合筛选条件的客户。'],
    valuable: ['VIP + key', '重要+关键'],
    warned: ['With warning', '有预警'],
    moved: ['Changed', '有变化'],
    group: ['Group', '分组'],
    chart_tiers: ['Customers by tier', '各分层客户数'],
    chart_levels: ['Customers by warning level', '各预警等级客户数'],
    chart_contrib: ['Contribution (customers per range)', '贡献度分布（各区间客户数）'],
    chart_points: ['Warning points (customers per range)', '预警分数分布（各区间客户数）'],
    unit_yuan: ['yuan', '元'],
    unit_wan: ['10k yuan', '万元'],
    retail: ['Retail', '对私'],
    corporate: ['Corporate', '对公'],
    vip: ['VIP', '重要'],
    key: ['Key', '关键'],
    ordinary: ['Ordinary', '普通'],
    below_cost: ['Below cost', '低于成本'],
    lv_none: ['None', '无'],
    yellow: ['Yellow', '黄色'],
    orange: ['Orange', '橙色'],
    red: ['Red', '红色'],
    normal: ['Normal', '正常'],
    watch: ['Watch', '关注'],
    doubtful: ['Doubtful', '可疑'],
    exit: ['Exit', '退出'],
    sec_contribution: ['Contribution', '贡献度'],
    sec_tiers: ['Tiers', '客户分层'],
    sec_churn: ['Churn warning', '流失预警'],
    sec_risk: ['Risk class', '风险分类']
  };
  function t(key, vars) {
    var pair = S[key];
    var s = pair ? pair[ZH ? 1 : 0] : key;
    if (vars) {
      Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
    }
    return s;
  }

  var KINDS = ['retail', 'corporate'];
  var TIERS = ['vip', 'key', 'ordinary', 'below_cost'];
  var LEVELS = ['none', 'yellow', 'orange', 'red'];
  var RISKS = ['normal', 'watch', 'doubtful', 'exit'];
  var LEVEL_KEYS = ['lv_none', 'yellow', 'orange', 'red'];
  var REASONS = {
    FUNDS30: ['Funds down ≥ 30%', '资金下降≥30%'],
    FUNDS60: ['Funds down ≥ 60%', '资金下降≥60%'],
    TXN0: ['No transactions', '无交易'],
    TXN50: ['Transactions halved', '交易减半'],
    PRODUCT_LOST: ['Product lost', '产品流失'],
    NO_CONTACT90: ['No contact > 90 days', '超90天未联系'],
    NO_CONTACT180: ['No contact > 180 days', '超180天未联系'],
    MANAGER_LEFT: ['Manager left', '客户经理离岗'],
    UNASSIGNED: ['Unassigned', '无客户经理'],
    COMPLAINTS1: ['Complaint', '有投诉'],
    COMPLAINTS3: ['3+ complaints', '投诉≥3次']
  };
  var INDUSTRIES = {
    A: ['Agriculture', '农林牧渔业'], B: ['Mining', '采矿业'], C: ['Manufacturing', '制造业'],
    D: ['Utilities', '电力热力燃气及水'], E: ['Construction', '建筑业'], F: ['Wholesale & retail', '批发和零售业'],
    G: ['Transport & storage', '交通运输仓储邮政'], H: ['Hotels & catering', '住宿和餐饮业'],
    I: ['Information & software', '信息传输软件和信息技术'], J: ['Finance', '金融业'], K: ['Real estate', '房地产业'],
    L: ['Leasing & business services', '租赁和商务服务业'], M: ['Research & technical services', '科学研究和技术服务业'],
    N: ['Water, environment & public facilities', '水利环境和公共设施管理'], O: ['Household & other services', '居民服务修理和其他服务'],
    P: ['Education', '教育'], Q: ['Health & social work', '卫生和社会工作'], R: ['Culture, sports & entertainment', '文化体育和娱乐业'],
    S: ['Public administration', '公共管理社会保障和社会组织'], T: ['International organisations', '国际组织']
  };
  function pick(pair) { return pair[ZH ? 1 : 0]; }

  /* Scoring parameters shown in the form: [section, key, English, Chinese, step]. Integer keys
     have step 1. */
  var PARAMS = [
    ['contribution', 'deposit_spread', 'Deposit spread (per year)', '存款利差（年）', 0.001],
    ['contribution', 'loan_spread', 'Loan spread (per year)', '贷款利差（年）', 0.001],
    ['contribution', 'aum_fee_rate', 'AUM fee rate (per year)', '金融资产费率（年）', 0.001],
    ['contribution', 'cost_per_customer_retail', 'Cost per retail customer (month)', '对私客户月成本', 1],
    ['contribution', 'cost_per_customer_corporate', 'Cost per corporate customer (month)', '对公客户月成本', 1],
    ['contribution', 'cost_per_txn', 'Cost per transaction', '每笔交易成本', 0.1],
    ['contribution', 'credit_cost_rate.normal', 'Credit cost: normal', '信用成本率：正常', 0.001],
    ['contribution', 'credit_cost_rate.special', 'Credit cost: special mention', '信用成本率：关注', 0.001],
    ['contribution', 'credit_cost_rate.substandard', 'Credit cost: substandard', '信用成本率：次级', 0.001],
    ['contribution', 'credit_cost_rate.doubtful', 'Credit cost: doubtful', '信用成本率：可疑', 0.001],
    ['contribution', 'credit_cost_rate.loss', 'Credit cost: loss', '信用成本率：损失', 0.001],
    ['tiers', 'vip_share', 'VIP share', '重要客户占比', 0.01],
    ['tiers', 'key_share', 'VIP + key share', '重要+关键客户占比', 0.01],
    ['tiers', 'window', 'Months averaged (s3)', '平均月数（s3）', 1],
    ['tiers', 'rising_factor', 'Rising factor', '上升倍数', 0.1],
    ['churn', 'funds_min_baseline', 'Funds baseline minimum (yuan)', '资金基数下限（元）', 100],
    ['churn', 'funds_drop_1', 'Funds drop 1 (fraction)', '资金降幅一档', 0.05],
    ['churn', 'funds_drop_1_points', 'Points: funds drop 1', '分数：资金降幅一档', 1],
    ['churn', 'funds_drop_2', 'Funds drop 2 (fraction)', '资金降幅二档', 0.05],
    ['churn', 'funds_drop_2_points', 'Points: funds drop 2', '分数：资金降幅二档', 1],
    ['churn', 'txn_min_baseline', 'Transactions baseline minimum', '交易基数下限', 1],
    ['churn', 'txn_zero_points', 'Points: no transactions', '分数：无交易', 1],
    ['churn', 'txn_half_ratio', 'Transactions ratio', '交易比例', 0.05],
    ['churn', 'txn_half_points', 'Points: transactions down', '分数：交易减少', 1],
    ['churn', 'product_lost_points', 'Points: product lost', '分数：产品流失', 1],
    ['churn', 'no_contact_days_1', 'No contact, days (1)', '未联系天数一档', 1],
    ['churn', 'no_contact_1_points', 'Points: no contact (1)', '分数：未联系一档', 1],
    ['churn', 'no_contact_days_2', 'No contact, days (2)', '未联系天数二档', 1],
    ['churn', 'no_contact_2_points', 'Points: no contact (2)', '分数：未联系二档', 1],
    ['churn', 'manager_left_points', 'Points: manager left', '分数：客户经理离岗', 1],
    ['churn', 'unassigned_points', 'Points: unassigned', '分数：无客户经理', 1],
    ['churn', 'complaints_window', 'Complaints window (months)', '投诉统计月数', 1],
    ['churn', 'complaints_1', 'Complaints (1)', '投诉次数一档', 1],
    ['churn', 'complaints_1_points', 'Points: complaints (1)', '分数：投诉一档', 1],
    ['churn', 'complaints_2', 'Complaints (2)', '投诉次数二档', 1],
    ['churn', 'complaints_2_points', 'Points: complaints (2)', '分数：投诉二档', 1],
    ['churn', 'cap', 'Points cap', '分数上限', 1],
    ['churn', 'level_yellow', 'Yellow from (points)', '黄色预警起点', 1],
    ['churn', 'level_orange', 'Orange from (points)', '橙色预警起点', 1],
    ['churn', 'level_red', 'Red from (points)', '红色预警起点', 1],
    ['churn', 'baseline_window', 'Baseline window (months)', '基数月数', 1],
    ['risk', 'exit_doubtful_overdue_days', 'Exit: doubtful and overdue > days', '退出：可疑且逾期超过天数', 1],
    ['risk', 'doubtful_overdue_days', 'Doubtful: overdue > days', '可疑：逾期超过天数', 1],
    ['risk', 'watch_funds_drop', 'Watch: funds drop ≥', '关注：资金降幅≥', 0.05]
  ];
