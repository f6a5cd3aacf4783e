  // --- Totals, diff ----------------------------------------------------------------------------
  function buildTotals() {
    var s = section('totals', t('h_totals'));
    ui.scoring = el('p', { cls: 'note ex-scoring', id: 'ex-scoring' });
    renderScoring();
    s.appendChild(ui.scoring);
    ui.cards = el('div', { cls: 'cards ex-cards', 'aria-live': 'polite' });
    ui.counts = el('div', { cls: 'ex-counts' });
    var csv = el('button', { type: 'button', text: t('export_csv') });
    csv.addEventListener('click', function () { download(t('csv_file_name'), ex.csv(), 'text/csv'); });
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
