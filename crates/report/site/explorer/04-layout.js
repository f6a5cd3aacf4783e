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
