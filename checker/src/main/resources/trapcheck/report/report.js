(function () {
  'use strict';
  // Reads only data-step numbers and ids from the page; never inserts text.
  function select(cx, i, focus) {
    var rows = cx.querySelectorAll('tr.step');
    for (var k = 0; k < rows.length; k++) {
      var on = rows[k].getAttribute('data-step') === String(i);
      rows[k].classList.toggle('selected', on);
      rows[k].setAttribute('aria-selected', on ? 'true' : 'false');
      if (on && focus) { rows[k].focus(); }
    }
    var states = cx.querySelectorAll('.state');
    for (var j = 0; j < states.length; j++) {
      states[j].hidden = states[j].getAttribute('data-step') !== String(i);
    }
    cx.setAttribute('data-selected', String(i));
  }
  function steps(cx) {
    var rows = cx.querySelectorAll('tr.step'), out = [];
    for (var r = 0; r < rows.length; r++) { out.push(parseInt(rows[r].getAttribute('data-step'), 10) || 0); }
    return out;
  }
  // A link to a step's row (#spec-NAME-step-N) selects that step.
  function follow() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var row = id ? document.getElementById(id) : null;
    if (!row || !row.classList.contains('step')) { return; }
    var cx = row.closest('div.cx');
    if (cx) { select(cx, parseInt(row.getAttribute('data-step'), 10) || 0, false); }
  }
  var views = document.querySelectorAll('div.cx');
  for (var s = 0; s < views.length; s++) {
    (function (cx) {
      var order = steps(cx);
      var rows = cx.querySelectorAll('tr.step');
      for (var r = 0; r < rows.length; r++) {
        (function (row, at) {
          var i = order[at];
          row.addEventListener('click', function (e) {
            if (e.target.closest('a')) { return; }
            select(cx, i, false);
          });
          row.addEventListener('keydown', function (e) {
            var cur = order.indexOf(parseInt(cx.getAttribute('data-selected'), 10) || 0);
            if (e.key === 'ArrowDown' || e.key === 'j') {
              select(cx, order[Math.min(order.length - 1, cur + 1)], true); e.preventDefault();
            } else if (e.key === 'ArrowUp' || e.key === 'k') {
              select(cx, order[Math.max(0, cur - 1)], true); e.preventDefault();
            } else if (e.key === 'Enter' || e.key === ' ') { select(cx, i, false); e.preventDefault(); }
          });
        })(rows[r], r);
      }
      var box = cx.querySelector('input.only-changed');
      if (box) { box.addEventListener('change', function () { cx.classList.toggle('only-changed', box.checked); }); }
      var open = parseInt(cx.getAttribute('data-open'), 10);
      select(cx, isNaN(open) ? order[order.length - 1] : open, false);
    })(views[s]);
  }
  follow();
  window.addEventListener('hashchange', follow);
  document.body.setAttribute('data-ready', 'true');
})();
