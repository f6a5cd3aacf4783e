  // --- Customer table --------------------------------------------------------------------------
  /** The columns: [column, label, sort key or null (not sortable)]. @type {[string, MsgKey, string | null][]} */
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
          span.title = reasonText(code);
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
