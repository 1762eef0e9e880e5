// Measures the laid-out page for HtmlReportBrowserTest and writes the result as JSON at the end of the body.
(function () {
  var r = { errors: window.probeErrors, ready: document.body.getAttribute('data-ready'), midWord: [],
            overflowing: [], truncatedHeads: [], owners: {}, selected: [], scroll: [], tellsWidths: [],
            hashSelected: null };
  function lines(range) {
    var tops = {}, n = 0, rects = range.getClientRects();
    for (var i = 0; i < rects.length; i++) {
      if (rects[i].width === 0) { continue; }
      var k = Math.round(rects[i].top);
      if (!tops[k]) { tops[k] = true; n++; }
    }
    return n;
  }
  var labels = document.querySelectorAll('.chip .label');
  for (var i = 0; i < labels.length; i++) {
    var t = labels[i].firstChild;
    if (!t) { continue; }
    var text = t.textContent, re = /\S+/g, m;
    while ((m = re.exec(text))) {
      var range = document.createRange();
      range.setStart(t, m.index);
      range.setEnd(t, m.index + m[0].length);
      if (lines(range) > 1) { r.midWord.push(m[0] + ' | ' + text); }
    }
    var chip = labels[i].parentElement, cell = chip.parentElement;
    if (chip.scrollWidth > chip.clientWidth + 1
        || chip.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1) {
      r.overflowing.push(text);
    }
  }
  var heads = document.querySelectorAll('th.lane-head');
  for (var h = 0; h < heads.length; h++) {
    if (heads[h].scrollWidth > heads[h].clientWidth + 1) { r.truncatedHeads.push(heads[h].textContent); }
  }
  var owned = document.querySelectorAll('.own[data-owner]');
  for (var o = 0; o < owned.length; o++) {
    var who = owned[o].getAttribute('data-owner');
    var look = getComputedStyle(owned[o]).backgroundColor + ' ' + owned[o].textContent;
    r.owners[who] = r.owners[who] || {};
    r.owners[who][look] = true;
  }
  var views = document.querySelectorAll('div.cx');
  for (var v = 0; v < views.length; v++) {
    var sel = views[v].querySelectorAll('tr.step.selected'), ids = [];
    for (var s = 0; s < sel.length; s++) { ids.push(sel[s].getAttribute('data-step')); }
    var shown = views[v].querySelectorAll('.state:not([hidden])'), states = [];
    for (var q = 0; q < shown.length; q++) { states.push(shown[q].getAttribute('data-step')); }
    r.selected.push({ rows: ids.join(','), states: states.join(',') });
    var wrap = views[v].querySelector('.timeline-wrap');
    r.scroll.push(wrap.scrollWidth - wrap.clientWidth);
    var heads2 = views[v].querySelectorAll('th.lane-head'), cols = views[v].querySelectorAll('col.tells, col.marks');
    for (var c = 0; c < cols.length; c++) {
      if (cols[c].className === 'tells') { r.tellsWidths.push(heads2[c].getBoundingClientRect().width); }
    }
  }
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
