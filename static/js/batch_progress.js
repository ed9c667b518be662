// Certificate batch page: poll the job's progress until the ZIP is ready.
(function () {
  var box = document.getElementById("batch");
  if (!box || ["queued", "running"].indexOf(box.dataset.status) < 0) { return; }
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.status !== box.dataset.status || s.download) { window.location.reload(); return; }
        var done = document.getElementById("batch-done");
        if (done) { done.textContent = s.done; }
        if (s.total) {
          document.getElementById("batch-bar").style.width = Math.round(100 * s.done / s.total) + "%";
        }
        setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1500);
})();
