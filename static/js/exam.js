// Exam page: autosave each answer as it is given, show the server's remaining time,
// hand in automatically at the deadline. Nothing here knows the correct answers.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) return;
  var form = document.getElementById("exam-form");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var timer = document.getElementById("timer");
  var state = document.getElementById("save-state");
  var deadline = Date.now() + parseInt(root.dataset.remaining, 10) * 1000;
  var submitted = false;
  var pending = {};

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    });
  }

  function show(text, cls) {
    state.textContent = text;
    state.className = "small " + (cls || "text-muted");
  }

  function save(fieldset, attempt, done) {
    var question = fieldset.dataset.question;
    var chosen = Array.prototype.map.call(
      fieldset.querySelectorAll("input:checked"), function (i) { return parseInt(i.value, 10); });
    var error = fieldset.querySelector(".question-error");
    pending[question] = true;
    show("保存中…");
    post(root.dataset.answerUrl, { question: parseInt(question, 10), options: chosen })
      .then(function (r) {
        // A 5xx (server busy, database restarting) is retried like a network error.
        if (r.status >= 500) throw new Error("server " + r.status);
        return r.json().then(function (d) { return [r, d]; });
      })
      .then(function (rd) {
        var d = rd[1];
        if (d.ok) {
          delete pending[question];
          error.textContent = "";
          show("已保存", "text-success");
          deadline = Date.now() + d.remaining * 1000;
          done();
        } else if (d.closed) {
          window.location = d.result_url;
        } else {
          error.textContent = d.error;
          show("保存失败", "text-danger");
          done();
        }
      })
      .catch(function () {
        show("网络异常，正在重试…", "text-danger");
        if (attempt < 5) {
          setTimeout(function () { save(fieldset, attempt + 1, done); }, 2000);
        } else {
          done();
        }
      });
  }

  // One save in flight per question: a change made meanwhile is sent after it, so an
  // older answer can never overwrite a newer one on the server.
  var inflight = {}, dirty = {};

  function queueSave(fieldset) {
    var question = fieldset.dataset.question;
    if (inflight[question]) { dirty[question] = true; return; }
    inflight[question] = true;
    save(fieldset, 0, function () {
      inflight[question] = false;
      if (dirty[question]) { dirty[question] = false; queueSave(fieldset); }
    });
  }

  form.addEventListener("change", function (e) {
    var fieldset = e.target.closest("fieldset.question");
    if (fieldset) queueSave(fieldset);
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    if (left <= 60) timer.className = "badge bg-danger fs-6 font-monospace";
    if (left === 0 && !submitted) {
      submitted = true;
      show("时间到，正在交卷…", "text-danger");
      // Let answers still on their way land first (the server allows a short grace).
      var wait = Object.keys(pending).length ? 2000 : 0;
      setTimeout(handIn, wait);
    }
  }

  function handIn() {
    post(root.dataset.submitUrl, {}).then(function (r) { return r.json(); })
      .then(function (d) { window.location = d.result_url; })
      .catch(function () { window.location.reload(); });
  }

  // Re-sync with the server every 30 s, so a sleeping laptop or a wrong clock
  // never shows more time than the server allows.
  function sync() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d.status !== "open") { window.location = d.result_url; return; }
        deadline = Date.now() + d.remaining * 1000;
      }).catch(function () {});
  }

  tick();
  setInterval(tick, 1000);
  setInterval(sync, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) sync(); });
})();
