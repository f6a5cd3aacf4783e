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
    ui.charts.appendChild(barChart(t('chart_tier_counts'), TIERS.map(function (k) { return [t(k), c.tiers[k], 'tier-' + k]; })));
    ui.charts.appendChild(barChart(t('chart_level_counts'), LEVELS.map(function (k, i) { return [t(LEVEL_KEYS[i]), c.levels[k], 'level-' + k]; })));
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
      ui.charts.appendChild(barChart(t('chart_point_ranges'), pc.map(function (v, k) { return [k === 10 ? '100+' : String(k * 10), v, '']; })));
    }
  }
