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

  // ------------------------------------------------------------------------------------------
  // DOM helpers (text only: data is never parsed as HTML)
  // ------------------------------------------------------------------------------------------
  function el(tag, props, kids) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === 'text') e.textContent = props[k];
        else if (k === 'cls') e.className = props[k];
        else if (k.indexOf('aria-') === 0 || k.indexOf('data-') === 0 || k === 'role' || k === 'for' || k === 'scope') e.setAttribute(k, props[k]);
        else e[k] = props[k];
      });
    }
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function b64bytes(s) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(s);
    var bin = atob(s);
    var u = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
    return u;
  }
  var nf0 = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
  var nf2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var pct = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var pct1 = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  function now() { return (window.performance && performance.now) ? performance.now() : Date.now(); }

  // ------------------------------------------------------------------------------------------
  // State
  // ------------------------------------------------------------------------------------------
  var ex, meta, col = {}, sc = {}, unitDiv = 1, unitLabel = '';
  /* Whether a fitted [churn_model] is in force (then sc.p_churn holds its probabilities). */
  var model = false;
  var buildCfg, cfg;
  var sel = new Uint32Array(0);
  var state = defaultState();
  var ui = {};
  var PAGE = 50;
  var MAX_GROUPS = 300;

  function defaultState() {
    return {
      f: { branch: [], manager: [], kind: [], tier: [], level: [], risk: [], industry: [], product: [], reason: [],
        contribution: [null, null], aum: [null, null], deposit: [null, null], q: '', moved: false },
      p: {},
      g: 'branch', gk: 'contribution', gd: true,
      s: 'contribution', sd: true, page: 0
    };
  }

  function money(v) { return nf2.format(v / unitDiv); }
  function money0(v) { return nf0.format(v / unitDiv); }

  function getPath(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function setPath(obj, path, v) {
    var ks = path.split('.');
    var o = obj;
    for (var i = 0; i < ks.length - 1; i++) o = o[ks[i]];
    o[ks[ks.length - 1]] = v;
  }

  // ------------------------------------------------------------------------------------------
  // URL hash: the view state (filters, changed parameters, grouping, sorting, page)
  // ------------------------------------------------------------------------------------------
  function writeHash() {
    var h = '#' + encodeURIComponent(JSON.stringify(state));
    try { history.replaceState(null, '', h); } catch (e) { location.hash = h; }
  }
  function readHash() {
    var s = defaultState();
    var raw = location.hash.slice(1);
    if (!raw) return s;
    try {
      var v = JSON.parse(decodeURIComponent(raw));
      if (v && typeof v === 'object') {
        if (v.f && typeof v.f === 'object') Object.keys(s.f).forEach(function (k) { if (k in v.f) s.f[k] = v.f[k]; });
        if (v.p && typeof v.p === 'object') s.p = v.p;
        ['g', 'gk', 's'].forEach(function (k) { if (typeof v[k] === 'string') s[k] = v[k]; });
        ['gd', 'sd'].forEach(function (k) { if (typeof v[k] === 'boolean') s[k] = v[k]; });
        if (typeof v.page === 'number' && v.page >= 0) s.page = Math.floor(v.page);
      }
    } catch (e) { /* a broken hash gives the default view */ }
    return s;
  }

  // ------------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------------
  function start() {
    var status = document.getElementById('ex-status');
    var root = document.getElementById('explorer');
    if (!root || !status) return;
    // A locked site (assets/lock.js): the bundle arrives decrypted with the password.
    var opened = window.BRANCHLENS_BUNDLE_BYTES;
    if (!opened && typeof BRANCHLENS_BUNDLE_SEALED === 'object' && BRANCHLENS_BUNDLE_SEALED) {
      status.textContent = t('locked');
      root.setAttribute('data-ready', 'locked');
      document.addEventListener('branchlens:unlocked', start, { once: true });
      return;
    }
    try {
      if ((!opened && typeof BRANCHLENS_BUNDLE !== 'string') || typeof BRANCHLENS_WASM !== 'string' || typeof wasm_bindgen === 'undefined') {
        throw new Error(t('missing'));
      }
      var t0 = now();
      wasm_bindgen.initSync({ module: b64bytes(BRANCHLENS_WASM) });
      ex = new wasm_bindgen.Explorer(opened || b64bytes(BRANCHLENS_BUNDLE), document.documentElement.lang || 'en');
      meta = JSON.parse(ex.meta());
      ['kind', 'branch', 'manager', 'industry', 'products_lo', 'products_hi', 'deposit', 'loan', 'aum', 'fee'].forEach(function (c) {
        col[c] = ex.column(c);
      });
      var opts = (typeof BRANCHLENS_EXPLORER === 'object' && BRANCHLENS_EXPLORER) || {};
      if (opts.unit === 'wan') { unitDiv = 10000; unitLabel = t('unit_wan'); } else { unitLabel = t('unit_yuan'); }
      buildCfg = JSON.parse(ex.configJson());
      cfg = JSON.parse(JSON.stringify(buildCfg));
      state = readHash();
      build(root);
      applyParams(true);
      setOrder();
      refresh();
      var ms = Math.round(now() - t0);
      status.textContent = t('ready', { n: nf0.format(meta.customers), ms: ms });
      root.setAttribute('data-ready', 'true');
      root.setAttribute('data-load-ms', String(ms));
    } catch (e) {
      status.textContent = t('failed') + (e && e.message ? e.message : String(e));
      status.className = 'ex-status ex-error';
      root.setAttribute('data-ready', 'error');
    }
  }

  function loadScores() {
    ['contribution', 's3', 'tier', 'level', 'points', 'reasons', 'risk', 'rising', 'base_tier', 'base_level'].forEach(function (c) {
      // The build's tiers and levels never change: copied once.
      if (!(c.indexOf('base_') === 0 && sc[c])) sc[c] = ex.scoreColumn(c);
    });
    model = ex.modelInForce();
    if (model) sc.p_churn = ex.scoreColumn('p_churn'); else delete sc.p_churn;
    if (ui.scoring) renderScoring();
  }

  // ------------------------------------------------------------------------------------------
  // Layout
  // ------------------------------------------------------------------------------------------
  function section(id, title) {
    var h = el('h2', { id: id + '-h', text: title });
    var s = el('section', { cls: 'ex-section ex-' + id, 'aria-labelledby': id + '-h' }, [h]);
    return s;
  }

  function build(root) {
    var notes = el('div', { cls: 'ex-notes' });
    if (meta.branch != null) notes.appendChild(el('p', { cls: 'note ex-scope', text: t('scope_branch', { b: meta.branch }) }));
    if (meta.masked) notes.appendChild(el('p', { cls: 'note', text: t('masked') }));
    root.appendChild(notes);

    var grid = el('div', { cls: 'ex-grid' });
    var side = el('div', { cls: 'ex-side' });
    var mainCol = el('div', { cls: 'ex-main' });
    grid.appendChild(side);
    grid.appendChild(mainCol);
    root.appendChild(grid);

    side.appendChild(buildFilters());
    side.appendChild(buildParams());
    mainCol.appendChild(buildTotals());
    mainCol.appendChild(buildDiff());
    mainCol.appendChild(buildCharts());
    mainCol.appendChild(buildGroups());
    mainCol.appendChild(buildTable());
    window.addEventListener('hashchange', function () {
      var s = readHash();
      if (JSON.stringify(s) === JSON.stringify(state)) return;
      state = s;
      syncFilterInputs();
      syncParamInputs();
      applyParams(true);
      setOrder();
      refresh();
    });
  }

  // --- Filters ---------------------------------------------------------------------------------
  function multiSelect(key, label, options) {
    var id = 'ex-f-' + key;
    var s = el('select', { id: id, multiple: true, size: Math.min(5, Math.max(2, options.length)) });
    options.forEach(function (o) { s.appendChild(el('option', { value: String(o[0]), text: o[1] })); });
    s.addEventListener('change', function () {
      state.f[key] = Array.prototype.filter.call(s.options, function (o) { return o.selected; }).map(function (o) {
        return key === 'industry' || key === 'reason' ? o.value : Number(o.value);
      });
      state.page = 0;
      refresh();
    });
    ui['f_' + key] = s;
    return el('div', { cls: 'ex-field' }, [el('label', { for: id, text: label }), s]);
  }
  function checks(key, label, codes, labels) {
    var fs = el('fieldset', { cls: 'ex-checks' }, [el('legend', { text: label })]);
    ui['f_' + key] = [];
    codes.forEach(function (c, i) {
      var id = 'ex-f-' + key + '-' + i;
      var box = el('input', { type: 'checkbox', id: id, value: String(i) });
      box.addEventListener('change', function () {
        state.f[key] = ui['f_' + key].filter(function (b) { return b.checked; }).map(function (b) { return Number(b.value); });
        state.page = 0;
        refresh();
      });
      ui['f_' + key].push(box);
      fs.appendChild(el('span', { cls: 'ex-check' }, [box, el('label', { for: id, text: labels[i] })]));
    });
    return fs;
  }
  function range(key, label) {
    var mk = function (i) {
      var id = 'ex-f-' + key + '-' + (i ? 'max' : 'min');
      var inp = el('input', { type: 'number', id: id, step: 'any', inputMode: 'decimal' });
      inp.setAttribute('aria-label', label + ' ' + t(i ? 'max' : 'min') + ' (' + unitLabel + ')');
      inp.placeholder = t(i ? 'max' : 'min');
      inp.addEventListener('change', function () {
        var v = inp.value === '' ? null : Number(inp.value) * unitDiv;
        state.f[key][i] = (v === null || isFinite(v)) ? v : null;
        state.page = 0;
        refresh();
      });
      return inp;
    };
    var a = mk(0), b = mk(1);
    ui['f_' + key] = [a, b];
    return el('fieldset', { cls: 'ex-range' }, [el('legend', { text: label + ' (' + unitLabel + ')' }), a, el('span', { text: '–' }), b]);
  }

  function buildFilters() {
    var s = section('filters', t('h_filters'));
    var form = el('form', { cls: 'ex-form', role: 'search' });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    var qid = 'ex-f-q';
    var q = el('input', { type: 'search', id: qid, autocomplete: 'off' });
    var timer = null;
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.f.q = q.value; state.page = 0; refresh(); }, 200);
    });
    ui.f_q = q;
    form.appendChild(el('div', { cls: 'ex-field' }, [el('label', { for: qid, text: t('id_search') }), q]));
    if (meta.branch == null) {
      form.appendChild(multiSelect('branch', t('branch'), meta.branches.map(function (b, i) { return [i, b]; })));
    }
    var mgrs = [[-1, t('none')]].concat(meta.managers.map(function (m, i) {
      var n = meta.manager_names[i];
      return [i, n ? m + ' ' + n : m];
    }));
    form.appendChild(multiSelect('manager', t('manager'), mgrs));
    form.appendChild(checks('kind', t('kind'), KINDS, KINDS.map(function (k) { return t(k); })));
    form.appendChild(checks('tier', t('tier'), TIERS, TIERS.map(function (k) { return t(k); })));
    form.appendChild(checks('level', t('level'), LEVELS, LEVEL_KEYS.map(function (k) { return t(k); })));
    form.appendChild(checks('risk', t('risk'), RISKS, RISKS.map(function (k) { return t(k); })));
    var inds = [['', t('none')]].concat(Object.keys(INDUSTRIES).map(function (k) { return [k, k + ' ' + pick(INDUSTRIES[k])]; }));
    form.appendChild(multiSelect('industry', t('industry'), inds));
    form.appendChild(multiSelect('product', t('product'), meta.products.map(function (p, i) { return [i, p]; })));
    form.appendChild(multiSelect('reason', t('reason'), meta.reasons.map(function (r) { return [r, r + ' ' + pick(REASONS[r] || [r, r])]; })));
    form.appendChild(range('contribution', t('contribution')));
    form.appendChild(range('aum', t('aum')));
    form.appendChild(range('deposit', t('deposit')));
    var mid = 'ex-f-moved';
    var moved = el('input', { type: 'checkbox', id: mid });
    moved.addEventListener('change', function () { state.f.moved = moved.checked; state.page = 0; refresh(); });
    ui.f_moved = moved;
    form.appendChild(el('div', { cls: 'ex-check' }, [moved, el('label', { for: mid, text: t('moved_only') })]));
    var reset = el('button', { type: 'button', text: t('reset_filters') });
    reset.addEventListener('click', function () { state.f = defaultState().f; state.page = 0; syncFilterInputs(); refresh(); });
    form.appendChild(reset);
    s.appendChild(form);
    syncFilterInputs();
    return s;
  }

  function syncFilterInputs() {
    var f = state.f;
    ui.f_q.value = f.q || '';
    ['branch', 'manager', 'industry', 'product', 'reason'].forEach(function (k) {
      var s = ui['f_' + k];
      if (!s) return;
      var want = (f[k] || []).map(String);
      Array.prototype.forEach.call(s.options, function (o) { o.selected = want.indexOf(o.value) >= 0; });
    });
    ['kind', 'tier', 'level', 'risk'].forEach(function (k) {
      ui['f_' + k].forEach(function (b) { b.checked = (f[k] || []).indexOf(Number(b.value)) >= 0; });
    });
    ['contribution', 'aum', 'deposit'].forEach(function (k) {
      ui['f_' + k].forEach(function (inp, i) { var v = (f[k] || [])[i]; inp.value = v == null ? '' : String(v / unitDiv); });
    });
    ui.f_moved.checked = !!f.moved;
  }

  // --- Parameters ------------------------------------------------------------------------------
  function buildParams() {
    var s = section('params', t('h_params'));
    s.appendChild(el('p', { cls: 'note', text: t('apply_note') }));
    if (!meta.complete) s.appendChild(el('p', { cls: 'note', text: t('window_note', { n: meta.periods.length }) }));
    s.appendChild(el('p', { cls: 'note', text: t('perf_note') }));
    ui.paramError = el('p', { cls: 'ex-error', role: 'alert' });
    ui.paramInfo = el('p', { cls: 'note', 'aria-live': 'polite' });
    s.appendChild(ui.paramError);
    s.appendChild(ui.paramInfo);
    ui.params = {};
    var sections = { contribution: 'sec_contribution', tiers: 'sec_tiers', churn: 'sec_churn', risk: 'sec_risk' };
    Object.keys(sections).forEach(function (sec) {
      var fs = el('fieldset', { cls: 'ex-params' }, [el('legend', { text: t(sections[sec]) })]);
      PARAMS.filter(function (p) { return p[0] === sec; }).forEach(function (p) {
        var path = p[0] + '.' + p[1];
        var id = 'ex-p-' + path.replace(/\./g, '-');
        var inp = el('input', { type: 'number', id: id, step: String(p[4]), min: '0' });
        inp.addEventListener('change', function () {
          var v = Number(inp.value);
          if (inp.value === '' || !isFinite(v)) { delete state.p[path]; } else if (v === getPath(buildCfg, path)) { delete state.p[path]; } else { state.p[path] = v; }
          applyParams(false);
          state.page = 0;
          refresh();
        });
        ui.params[path] = inp;
        fs.appendChild(el('div', { cls: 'ex-field ex-param' }, [el('label', { for: id, text: ZH ? p[3] : p[2] }), inp]));
      });
      s.appendChild(fs);
    });
    var reset = el('button', { type: 'button', text: t('reset_params') });
    reset.addEventListener('click', function () { state.p = {}; syncParamInputs(); applyParams(false); refresh(); });
    var toml = el('button', { type: 'button', text: t('export_toml') });
    toml.addEventListener('click', function () { download('branchlens.toml', ex.configToml(), 'application/toml'); });
    s.appendChild(el('div', { cls: 'ex-buttons' }, [reset, toml]));
    syncParamInputs();
    return s;
  }

  function syncParamInputs() {
    Object.keys(ui.params).forEach(function (path) {
      var v = path in state.p ? state.p[path] : getPath(buildCfg, path);
      ui.params[path].value = v == null ? '' : String(v);
    });
  }

  /* Builds the configuration from the build's and the changed keys, and has the core re-score.
     On an invalid value the core's message is shown and the previous scores stay. */
  function applyParams(initial) {
    var next = JSON.parse(JSON.stringify(buildCfg));
    // Only the parameters this page offers (a shared link's hash is untrusted: a path such as
    // `__proto__.toString` must not reach setPath).
    Object.keys(state.p).forEach(function (path) {
      if (!Object.prototype.hasOwnProperty.call(ui.params, path)) return;
      if (getPath(next, path) !== undefined && typeof state.p[path] === 'number' && isFinite(state.p[path])) setPath(next, path, state.p[path]);
    });
    ui.paramError.textContent = '';
    if (initial && Object.keys(state.p).length === 0) { loadScores(); ui.diff = null; return; }
    var t0 = now();
    try {
      ui.diff = JSON.parse(ex.setConfig(JSON.stringify(next)));
      cfg = next;
      loadScores();
      ui.paramInfo.textContent = t('rescored', { ms: Math.round(now() - t0) });
    } catch (e) {
      ui.paramError.textContent = t('param_error') + (e && e.message ? e.message : String(e));
      if (!sc.tier) loadScores();
    }
  }

  // --- Totals, diff ----------------------------------------------------------------------------
  function buildTotals() {
    var s = section('totals', t('h_totals'));
    ui.scoring = el('p', { cls: 'note ex-scoring', id: 'ex-scoring' });
    renderScoring();
    s.appendChild(ui.scoring);
    ui.cards = el('div', { cls: 'cards ex-cards', 'aria-live': 'polite' });
    ui.counts = el('div', { cls: 'ex-counts' });
    var csv = el('button', { type: 'button', text: t('export_csv') });
    csv.addEventListener('click', function () { download(ZH ? '客户名单.csv' : 'call-list.csv', ex.csv(), 'text/csv'); });
    s.appendChild(ui.cards);
    s.appendChild(ui.counts);
    s.appendChild(el('div', { cls: 'ex-buttons' }, [csv]));
    return s;
  }
  function renderScoring() {
    var m = cfg && cfg.churn_model;
    ui.scoring.setAttribute('data-model', model ? 'true' : 'false');
    ui.scoring.textContent = model && m
      ? t('scoring_model', { features: nf0.format(m.features.length), horizon: nf0.format(m.horizon) })
      : t('scoring_rules');
  }
  function card(label, value, unit, id) {
    return el('div', { cls: 'card', 'data-figure': id }, [
      el('div', { cls: 'label', text: label }),
      el('div', { cls: 'value' }, [value, unit ? el('span', { cls: 'unit', text: ' ' + unit }) : null])
    ]);
  }
  function tagList(title, codes, labels, counts, prefix) {
    var d = el('div', { cls: 'ex-taglist' }, [el('span', { cls: 'label', text: title + ': ' })]);
    codes.forEach(function (c, i) {
      d.appendChild(el('span', { cls: 'tag ' + prefix + c, 'data-count': prefix + c, text: labels[i] + ' ' + nf0.format(counts[c]) }));
      d.appendChild(document.createTextNode(' '));
    });
    return d;
  }
  function renderTotals(tot) {
    clear(ui.cards);
    var f = tot.figures;
    ui.cards.appendChild(card(t('customers'), nf0.format(f.customers), '', 'customers'));
    ui.cards.appendChild(card(t('deposit'), money0(f.deposit_avg), unitLabel, 'deposit'));
    ui.cards.appendChild(card(t('loan'), money0(f.loan_balance), unitLabel, 'loan'));
    ui.cards.appendChild(card(t('aum'), money0(f.aum), unitLabel, 'aum'));
    ui.cards.appendChild(card(t('fee'), money0(f.fee_income), unitLabel, 'fee'));
    ui.cards.appendChild(card(t('contribution'), money0(f.contribution), unitLabel, 'contribution'));
    ui.cards.appendChild(card(t('npl'), f.npl_ratio == null ? '–' : pct.format(f.npl_ratio), '', 'npl'));
    clear(ui.counts);
    var c = tot.counts;
    ui.counts.appendChild(tagList(t('tier'), TIERS, TIERS.map(function (k) { return t(k); }), c.tiers, 'tier-'));
    ui.counts.appendChild(tagList(t('level'), LEVELS, LEVEL_KEYS.map(function (k) { return t(k); }), c.levels, 'level-'));
    ui.counts.appendChild(tagList(t('risk'), RISKS, RISKS.map(function (k) { return t(k); }), c.risk, 'risk-'));
    ui.counts.appendChild(el('p', { cls: 'note', text: t('moved_tier') + ' ' + nf0.format(tot.moved_tier) + ' · ' + t('moved_level') + ' ' + nf0.format(tot.moved_level) }));
  }

  function buildDiff() {
    var s = section('diff', t('h_diff'));
    ui.diffBox = el('div', { 'aria-live': 'polite' });
    s.appendChild(ui.diffBox);
    return s;
  }
  function matrix(caption, m, labels) {
    var head = el('tr', null, [el('th', { scope: 'col', text: t('from_to') })].concat(labels.map(function (l) { return el('th', { scope: 'col', cls: 'num', text: l }); })));
    var body = el('tbody');
    m.forEach(function (row, i) {
      body.appendChild(el('tr', null, [el('th', { scope: 'row', text: labels[i] })].concat(row.map(function (v, j) {
        return el('td', { cls: 'num' + (i !== j && v > 0 ? ' ex-moved' : ''), text: nf0.format(v) });
      }))));
    });
    return el('div', { cls: 'table-wrap' }, [el('table', { cls: 'data ex-matrix' }, [el('caption', { text: caption }), el('thead', null, [head]), body])]);
  }
  function renderDiff() {
    clear(ui.diffBox);
    var d = ui.diff;
    if (!d || d.moved === 0) {
      ui.diffBox.appendChild(el('p', { cls: 'note', 'data-moved': '0', text: t('moved_none') }));
      return;
    }
    ui.diffBox.appendChild(el('p', { 'data-moved': String(d.moved), text: t('moved_total', { n: nf0.format(d.moved), t: nf0.format(d.moved_tier), l: nf0.format(d.moved_level) }) }));
    var show = el('button', { type: 'button', text: t('show_moved') });
    show.addEventListener('click', function () { state.f.moved = true; state.page = 0; syncFilterInputs(); refresh(); ui.tableHead.focus(); });
    ui.diffBox.appendChild(show);
    var wrap = el('div', { cls: 'ex-matrices' });
    wrap.appendChild(matrix(t('tier'), d.tiers, TIERS.map(function (k) { return t(k); })));
    wrap.appendChild(matrix(t('level'), d.levels, LEVEL_KEYS.map(function (k) { return t(k); })));
    ui.diffBox.appendChild(wrap);
  }

  // --- Charts ----------------------------------------------------------------------------------
  function buildCharts() {
    var s = section('charts', t('h_charts'));
    ui.charts = el('div', { cls: 'ex-charts' });
    s.appendChild(ui.charts);
    return s;
  }
  /* A bar chart: bars = [[label, value, cssClass]]. */
  function barChart(title, bars) {
    var W = 380, H = 200, left = 8, top = 22, bottom = 40, n = bars.length;
    var max = bars.reduce(function (m, b) { return Math.max(m, b[1]); }, 0) || 1;
    var bw = (W - left * 2) / n;
    var g = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'class': 'ex-chart' });
    g.appendChild(svg('title', {}, title));
    g.appendChild(svg('text', { x: left, y: 14, 'class': 'ex-chart-title' }, title));
    bars.forEach(function (b, i) {
      var h = (H - top - bottom) * b[1] / max;
      var x = left + i * bw;
      g.appendChild(svg('rect', { x: (x + 2).toFixed(1), y: (H - bottom - h).toFixed(1), width: Math.max(1, bw - 4).toFixed(1), height: h.toFixed(1), 'class': 'ex-bar ' + (b[2] || '') }));
      g.appendChild(svg('text', { x: (x + bw / 2).toFixed(1), y: (H - bottom - h - 3).toFixed(1), 'text-anchor': 'middle', 'class': 'ex-chart-value' }, nf0.format(b[1])));
      g.appendChild(svg('text', { x: (x + bw / 2).toFixed(1), y: H - bottom + 14, 'text-anchor': 'middle', 'class': 'ex-chart-label' }, b[0]));
    });
    return el('figure', { cls: 'ex-figure' }, [g]);
  }
  function renderCharts(tot) {
    clear(ui.charts);
    var c = tot.counts;
    ui.charts.appendChild(barChart(t('chart_tiers'), TIERS.map(function (k) { return [t(k), c.tiers[k], 'tier-' + k]; })));
    ui.charts.appendChild(barChart(t('chart_levels'), LEVELS.map(function (k, i) { return [t(LEVEL_KEYS[i]), c.levels[k], 'level-' + k]; })));
    // Contribution: 10 ranges between the 1st and 99th percentile of a sample of the selection.
    var n = sel.length;
    if (n > 0) {
      var step = Math.max(1, Math.floor(n / 20000));
      var sample = [];
      for (var i = 0; i < n; i += step) sample.push(sc.contribution[sel[i]]);
      sample.sort(function (a, b) { return a - b; });
      var lo = sample[Math.floor(sample.length * 0.01)], hi = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))];
      if (!(hi > lo)) hi = lo + 1;
      var bins = 10, counts = new Array(bins).fill(0), w = (hi - lo) / bins;
      for (var j = 0; j < n; j++) {
        var v = sc.contribution[sel[j]];
        var b = Math.floor((v - lo) / w);
        counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
      }
      ui.charts.appendChild(barChart(t('chart_contrib') + ' (' + unitLabel + ')', counts.map(function (v, k) {
        var a = lo + k * w;
        return [(k === 0 ? '≤' : '') + money0(k === bins - 1 ? a : a + w), v, ''];
      })));
      var pc = new Array(11).fill(0);
      for (var m = 0; m < n; m++) { var p = sc.points[sel[m]]; pc[Math.min(10, Math.floor(p / 10))]++; }
      ui.charts.appendChild(barChart(t('chart_points'), pc.map(function (v, k) { return [k === 10 ? '100+' : String(k * 10), v, '']; })));
    }
  }

  // --- Group by --------------------------------------------------------------------------------
  var GROUP_BY = ['branch', 'manager', 'tier', 'kind', 'industry', 'product'];
  var GROUP_COLS = [['customers', 'customers'], ['deposit', 'deposit'], ['loan', 'loan'], ['aum', 'aum'], ['fee', 'fee'], ['contribution', 'contribution'], ['valuable', 'valuable'], ['warned', 'warned'], ['moved', 'moved']];
  function groupLabel(by, key) {
    if (key == null) return t('none');
    if (by === 'branch') return meta.branches[Number(key)];
    if (by === 'manager') { var i = Number(key); var n = meta.manager_names[i]; return meta.managers[i] + (n ? ' ' + n : ''); }
    if (by === 'tier' || by === 'kind') return t(key);
    if (by === 'industry') return key + ' ' + pick(INDUSTRIES[key] || [key, key]);
    if (by === 'product') return meta.products[Number(key)];
    return key;
  }
  function buildGroups() {
    var s = section('groups', t('h_groups'));
    var id = 'ex-g-by';
    var by = el('select', { id: id });
    GROUP_BY.forEach(function (g) {
      if (g === 'branch' && meta.branch != null) return;
      by.appendChild(el('option', { value: g, text: t(g) }));
    });
    by.addEventListener('change', function () { state.g = by.value; writeHash(); renderGroups(); });
    ui.groupBy = by;
    s.appendChild(el('div', { cls: 'ex-field ex-inline' }, [el('label', { for: id, text: t('h_groups') }), by]));
    ui.groups = el('div', { cls: 'table-wrap' });
    s.appendChild(ui.groups);
    return s;
  }
  function sortButton(label, active, desc, onClick) {
    var b = el('button', { type: 'button', cls: 'ex-sort', text: label + (active ? (desc ? ' ▼' : ' ▲') : '') });
    b.setAttribute('aria-label', t('sort_by', { c: label }));
    b.addEventListener('click', onClick);
    return b;
  }
  function renderGroups() {
    var known = Array.prototype.some.call(ui.groupBy.options, function (o) { return o.value === state.g; });
    if (!known) state.g = ui.groupBy.options[0].value;
    ui.groupBy.value = state.g;
    var rows = JSON.parse(ex.groups(state.g));
    var k = state.gk, desc = state.gd;
    rows.sort(function (a, b) {
      var x = k === 'group' ? groupLabel(state.g, a.key) : a[k], y = k === 'group' ? groupLabel(state.g, b.key) : b[k];
      var o = x < y ? -1 : x > y ? 1 : 0;
      return desc ? -o : o;
    });
    var thGroup = el('th', { scope: 'col', 'aria-sort': k === 'group' ? (desc ? 'descending' : 'ascending') : 'none' }, [sortButton(t('group'), k === 'group', desc, function () { setGroupSort('group'); })]);
    var head = el('tr', null, [thGroup].concat(GROUP_COLS.map(function (c) {
      return el('th', { scope: 'col', cls: 'num', 'aria-sort': k === c[0] ? (desc ? 'descending' : 'ascending') : 'none' }, [sortButton(t(c[1]), k === c[0], desc, function () { setGroupSort(c[0]); })]);
    })));
    var body = el('tbody');
    rows.slice(0, MAX_GROUPS).forEach(function (r) {
      body.appendChild(el('tr', null, [el('th', { scope: 'row', text: groupLabel(state.g, r.key) })].concat(GROUP_COLS.map(function (c) {
        var v = r[c[0]];
        var money = ['deposit', 'loan', 'aum', 'fee', 'contribution'].indexOf(c[0]) >= 0;
        return el('td', { cls: 'num', text: money ? money0(v) : nf0.format(v) });
      }))));
    });
    clear(ui.groups);
    var table = el('table', { cls: 'data ex-group-table' }, [el('thead', null, [head]), body]);
    ui.groups.appendChild(table);
    if (rows.length > MAX_GROUPS) ui.groups.appendChild(el('p', { cls: 'note', text: t('showing_groups', { k: MAX_GROUPS, n: nf0.format(rows.length) }) }));
  }
  function setGroupSort(key) {
    if (state.gk === key) state.gd = !state.gd; else { state.gk = key; state.gd = key !== 'group'; }
    writeHash();
    renderGroups();
    var b = ui.groups.querySelector('th[aria-sort="' + (state.gd ? 'descending' : 'ascending') + '"] button');
    if (b) b.focus();
  }

  // --- Customer table --------------------------------------------------------------------------
  var TABLE_COLS = [
    ['id', 'id', 'id'], ['name', 'name', null], ['kind', 'kind', null], ['branch', 'branch', 'branch'], ['manager', 'manager', 'manager'],
    ['tier', 'tier', 'tier'], ['level', 'level', 'level'], ['points', 'points', 'points'], ['reasons', 'reasons', null],
    ['risk', 'risk', 'risk'], ['contribution', 'contribution', 'contribution'], ['s3', 's3', 's3'], ['aum', 'aum', 'aum'], ['deposit', 'deposit', 'deposit'], ['loan', 'loan', 'loan']
  ];
  function buildTable() {
    var s = section('table', t('h_table'));
    ui.tableHead = s.querySelector('h2');
    ui.tableHead.tabIndex = -1;
    ui.rowsNote = el('p', { cls: 'note', 'aria-live': 'polite' });
    s.appendChild(ui.rowsNote);
    ui.table = el('div', { cls: 'table-wrap' });
    s.appendChild(ui.table);
    var prev = el('button', { type: 'button', text: t('prev') });
    var next = el('button', { type: 'button', text: t('next') });
    ui.pageLabel = el('span', { cls: 'ex-page', 'aria-live': 'polite' });
    prev.addEventListener('click', function () { if (state.page > 0) { state.page--; writeHash(); renderTable(); } });
    next.addEventListener('click', function () { if ((state.page + 1) * PAGE < sel.length) { state.page++; writeHash(); renderTable(); } });
    ui.prev = prev; ui.next = next;
    s.appendChild(el('nav', { cls: 'ex-pager', 'aria-label': t('h_table') }, [prev, ui.pageLabel, next]));
    return s;
  }
  function tag(cls, text) { return el('span', { cls: 'tag ' + cls, text: text }); }
  function tableCols() {
    if (!model) return TABLE_COLS;
    var k = TABLE_COLS.findIndex(function (c) { return c[0] === 'points'; });
    return TABLE_COLS.slice(0, k + 1).concat([['p_churn', 'p_churn', 'p_churn']], TABLE_COLS.slice(k + 1));
  }
  function renderTable() {
    var pages = Math.max(1, Math.ceil(sel.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * PAGE, to = Math.min(sel.length, from + PAGE);
    ui.rowsNote.textContent = t('rows', { n: nf0.format(sel.length) });
    ui.pageLabel.textContent = t('page', { p: nf0.format(state.page + 1), n: nf0.format(pages) });
    ui.prev.disabled = state.page === 0;
    ui.next.disabled = to >= sel.length;
    var head = el('tr', null, tableCols().map(function (c) {
      var numeric = ['points', 'p_churn', 'contribution', 's3', 'aum', 'deposit', 'loan'].indexOf(c[0]) >= 0;
      var th = el('th', { scope: 'col', cls: numeric ? 'num' : '' });
      if (c[2]) {
        th.setAttribute('aria-sort', state.s === c[2] ? (state.sd ? 'descending' : 'ascending') : 'none');
        th.appendChild(sortButton(t(c[1]), state.s === c[2], state.sd, function () { setSort(c[2]); }));
      } else {
        th.textContent = t(c[1]);
      }
      return th;
    }));
    var body = el('tbody');
    for (var k = from; k < to; k++) {
      var i = sel[k];
      var tier = sc.tier[i], bt = sc.base_tier[i], lv = sc.level[i], bl = sc.base_level[i];
      var mgr = col.manager[i];
      var reasons = el('td', { cls: 'reasons' });
      var bits = sc.reasons[i];
      meta.reasons.forEach(function (code, r) {
        if (bits & (1 << r)) {
          var span = el('span', { cls: 'reason', text: code });
          span.title = pick(REASONS[code] || [code, code]);
          reasons.appendChild(span);
        }
      });
      var tierCell = el('td');
      if (bt !== tier) { tierCell.appendChild(tag('tier-' + TIERS[bt], t(TIERS[bt]))); tierCell.appendChild(document.createTextNode(' → ')); }
      tierCell.appendChild(tag('tier-' + TIERS[tier], t(TIERS[tier])));
      var levelCell = el('td');
      if (bl !== lv) { levelCell.appendChild(tag('level-' + LEVELS[bl], t(LEVEL_KEYS[bl]))); levelCell.appendChild(document.createTextNode(' → ')); }
      levelCell.appendChild(tag('level-' + LEVELS[lv], t(LEVEL_KEYS[lv])));
      var tr = el('tr', { 'data-customer': meta.ids[i] }, [
        el('th', { scope: 'row', text: meta.ids[i] }),
        el('td', { text: meta.names[i] }),
        el('td', { text: t(KINDS[col.kind[i]]) }),
        el('td', { text: meta.branches[col.branch[i]] }),
        el('td', { text: mgr < 0 ? t('none') : meta.managers[mgr] }),
        tierCell,
        levelCell,
        el('td', { cls: 'num', text: String(sc.points[i]) }),
        model ? el('td', { cls: 'num', 'data-p': String(sc.p_churn[i]), text: isFinite(sc.p_churn[i]) ? pct1.format(sc.p_churn[i]) : '–' }) : null,
        reasons,
        el('td', null, [tag('risk-' + RISKS[sc.risk[i]], t(RISKS[sc.risk[i]]))]),
        el('td', { cls: 'num', text: money(sc.contribution[i]) }),
        el('td', { cls: 'num', text: money(sc.s3[i]) }),
        el('td', { cls: 'num', text: money0(col.aum[i]) }),
        el('td', { cls: 'num', text: money0(col.deposit[i]) }),
        el('td', { cls: 'num', text: money0(col.loan[i]) })
      ]);
      if (bt !== tier || bl !== lv) tr.className = 'changed';
      body.appendChild(tr);
    }
    clear(ui.table);
    var table = el('table', { cls: 'data customers ex-customers' }, [el('thead', null, [head]), body]);
    ui.table.appendChild(table);
    if (sel.length === 0) ui.table.appendChild(el('p', { cls: 'note', text: t('no_rows') }));
  }
  function setOrder() {
    try { ex.sort(state.s, state.sd); } catch (e) { state.s = 'contribution'; state.sd = true; ex.sort(state.s, state.sd); }
  }
  function setSort(key) {
    if (state.s === key) state.sd = !state.sd; else { state.s = key; state.sd = key !== 'id' && key !== 'branch' && key !== 'manager'; }
    state.page = 0;
    sel = ex.sort(state.s, state.sd);
    writeHash();
    renderTable();
    var b = ui.table.querySelector('th[aria-sort="' + (state.sd ? 'descending' : 'ascending') + '"] button');
    if (b) b.focus();
  }

  // ------------------------------------------------------------------------------------------
  // Refresh: filter (wasm) → totals (core counts/figures) → charts, groups, table
  // ------------------------------------------------------------------------------------------
  function refresh() {
    var t0 = now();
    try {
      sel = ex.filter(JSON.stringify(state.f));
    } catch (e) {
      state.f = defaultState().f;
      syncFilterInputs();
      sel = ex.filter(JSON.stringify(state.f));
    }
    var tot = JSON.parse(ex.totals());
    renderTotals(tot);
    renderDiff();
    renderCharts(tot);
    renderGroups();
    renderTable();
    writeHash();
    document.getElementById('explorer').setAttribute('data-refresh-ms', String(Math.round(now() - t0)));
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type + ';charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* For tests and the benchmark: the explorer's state, read-only. */
  window.branchlensExplorer = {
    get: function () { return { ex: ex, meta: meta, sel: sel, sc: sc, col: col, state: state }; },
    refresh: function () { refresh(); },
    setParams: function (p) { state.p = p; syncParamInputs(); applyParams(false); refresh(); }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
