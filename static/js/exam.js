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

  function save(fieldset, attempt) {
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
        } else if (d.closed) {
          window.location = d.result_url;
        } else {
          error.textContent = d.error;
          show("保存失败", "text-danger");
        }
      })
      .catch(function () {
        show("网络异常，正在重试…", "text-danger");
        if ((attempt || 0) < 5) setTimeout(function () { save(fieldset, (attempt || 0) + 1); }, 2000);
      });
  }

  form.addEventListener("change", function (e) {
    var fieldset = e.target.closest("fieldset.question");
    if (fieldset) save(fieldset);
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    if (left <= 60) timer.className = "badge bg-danger fs-6 font-monospace";
    if (left === 0 && !submitted) {
      submitted = true;
      show("时间到，正在交卷…", "text-danger");
      post(root.dataset.submitUrl, {}).then(function (r) { return r.json(); })
        .then(function (d) { window.location = d.result_url; })
        .catch(function () { window.location.reload(); });
    }
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
