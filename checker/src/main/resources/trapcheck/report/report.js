(function () {
  'use strict';
  function select(sec, i, focus) {
    var rows = sec.querySelectorAll('tr.step');
    for (var k = 0; k < rows.length; k++) {
      var on = rows[k].getAttribute('data-step') === String(i);
      rows[k].classList.toggle('selected', on);
      rows[k].setAttribute('aria-selected', on ? 'true' : 'false');
      if (on && focus) { rows[k].focus(); }
    }
    var states = sec.querySelectorAll('.state');
    for (var j = 0; j < states.length; j++) {
      states[j].hidden = states[j].getAttribute('data-step') !== String(i);
    }
    sec.setAttribute('data-selected', String(i));
  }
  var sections = document.querySelectorAll('section.cx');
  for (var s = 0; s < sections.length; s++) {
    (function (sec) {
      var n = parseInt(sec.getAttribute('data-steps'), 10) || 0;
      var rows = sec.querySelectorAll('tr.step');
      for (var r = 0; r < rows.length; r++) {
        (function (row) {
          var i = parseInt(row.getAttribute('data-step'), 10) || 0;
          row.addEventListener('click', function () { select(sec, i, false); });
          row.addEventListener('keydown', function (e) {
            var cur = parseInt(sec.getAttribute('data-selected'), 10) || 0;
            if (e.key === 'ArrowDown' || e.key === 'j') { select(sec, Math.min(n, cur + 1), true); e.preventDefault(); }
            else if (e.key === 'ArrowUp' || e.key === 'k') { select(sec, Math.max(0, cur - 1), true); e.preventDefault(); }
            else if (e.key === 'Enter' || e.key === ' ') { select(sec, i, false); e.preventDefault(); }
          });
        })(rows[r]);
      }
      var box = sec.querySelector('input.only-changed');
      if (box) { box.addEventListener('change', function () { sec.classList.toggle('only-changed', box.checked); }); }
      select(sec, n, false);
    })(sections[s]);
  }
  document.body.setAttribute('data-ready', 'true');
})();
