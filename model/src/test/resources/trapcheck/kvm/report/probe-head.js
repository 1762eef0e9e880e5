window.probeErrors = [];
window.addEventListener('error', function (e) { window.probeErrors.push('error: ' + e.message); });
(function () {
  var original = console.error;
  console.error = function () {
    window.probeErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
})();
