// Exam page: autosave each answer as it is given, show the server's remaining time,
// hand in automatically at the deadline. Nothing here knows the correct answers.
// Below Bootstrap's md breakpoint one question is shown at a time (previous/next,
// swipe); the navigator shows answered, unanswered and flagged questions. Flags are
// the candidate's own reminders, kept in this browser only (localStorage).
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) return;
  var t = root.dataset;
  var form = document.getElementById("exam-form");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var timer = document.getElementById("timer");
  var state = document.getElementById("save-state");
  var warning = document.getElementById("time-warning");
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var navButtons = {};
  Array.prototype.forEach.call(document.querySelectorAll(".qnav-btn"), function (b) {
    navButtons[b.dataset.question] = b;
  });
  var phone = window.matchMedia("(max-width: 767.98px)");
  var deadline = Date.now() + parseInt(t.remaining, 10) * 1000;
  var submitted = false;
  var pending = {};
  var flagKey = "exam-flags-" + t.attempt;
  var flags = {};
  try { flags = JSON.parse(window.localStorage.getItem(flagKey) || "{}"); } catch (e) { flags = {}; }

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

  function showAnswer(fieldset, text, cls) {
    var el = fieldset.querySelector(".answer-state");
    el.textContent = text;
    el.className = "small answer-state " + cls;
  }

  function isAnswered(fieldset) {
    return fieldset.querySelector("input:checked") !== null;
  }

  // --- navigator ---------------------------------------------------------------
  function refresh() {
    var answered = 0, flagged = 0;
    questions.forEach(function (q) {
      var id = q.dataset.question, b = navButtons[id];
      var done = isAnswered(q), flag = !!flags[id];
      if (done) answered += 1;
      if (flag) flagged += 1;
      b.classList.toggle("answered", done);
      b.classList.toggle("flagged", flag);
      b.classList.toggle("current", q.classList.contains("is-current"));
      var label = t.tQuestion.replace("%s", q.dataset.position) + " · " +
        (done ? t.tAnswered : t.tUnanswered) + (flag ? " · " + t.tFlagged : "");
      b.setAttribute("aria-label", label);
      b.title = label;
      var fb = q.querySelector(".flag-btn");
      fb.setAttribute("aria-pressed", flag ? "true" : "false");
      fb.classList.toggle("active", flag);
    });
    document.getElementById("count-answered").textContent = answered;
    document.getElementById("count-answered-bar").textContent = answered;
    document.getElementById("count-unanswered").textContent = questions.length - answered;
    document.getElementById("count-flagged").textContent = flagged;
  }

  function current() {
    for (var i = 0; i < questions.length; i++) {
      if (questions[i].classList.contains("is-current")) return i;
    }
    return 0;
  }

  function go(index, focus) {
    if (index < 0 || index >= questions.length) return;
    questions.forEach(function (q, i) { q.classList.toggle("is-current", i === index); });
    var q = questions[index];
    document.getElementById("pager-pos").textContent = (index + 1) + " / " + questions.length;
    document.getElementById("prev-q").disabled = index === 0;
    document.getElementById("next-q").disabled = index === questions.length - 1;
    refresh();
    if (!phone.matches) q.scrollIntoView({ block: "start" });
    else window.scrollTo(0, 0);
    if (focus) q.querySelector("legend").focus({ preventScroll: !phone.matches });
  }

  document.getElementById("qnav").addEventListener("click", function (e) {
    var b = e.target.closest(".qnav-btn");
    if (!b) return;
    go(questions.indexOf(document.getElementById("q" + b.dataset.question)), true);
    if (phone.matches && window.bootstrap) {
      window.bootstrap.Collapse.getOrCreateInstance(document.getElementById("exam-nav"), { toggle: false }).hide();
    }
  });
  document.getElementById("prev-q").addEventListener("click", function () { go(current() - 1, false); });
  document.getElementById("next-q").addEventListener("click", function () { go(current() + 1, false); });

  form.addEventListener("click", function (e) {
    var fb = e.target.closest(".flag-btn");
    if (!fb) return;
    var id = fb.closest("fieldset.question").dataset.question;
    if (flags[id]) delete flags[id]; else flags[id] = true;
    try { window.localStorage.setItem(flagKey, JSON.stringify(flags)); } catch (err) { /* private mode */ }
    refresh();
  });

  // Swipe left/right on a phone: a mostly horizontal move of at least 60 px.
  var start = null;
  var area = document.getElementById("questions");
  area.addEventListener("touchstart", function (e) {
    if (e.touches.length === 1) start = { x: e.touches[0].clientX, y: e.touches[0].clientY };
  }, { passive: true });
  area.addEventListener("touchend", function (e) {
    if (!start || !phone.matches) return;
    var dx = e.changedTouches[0].clientX - start.x, dy = e.changedTouches[0].clientY - start.y;
    start = null;
    if (Math.abs(dx) < 60 || Math.abs(dx) < 2 * Math.abs(dy)) return;
    go(current() + (dx < 0 ? 1 : -1), false);
  }, { passive: true });

  // --- autosave ----------------------------------------------------------------
  function save(fieldset, attempt, done) {
    var question = fieldset.dataset.question;
    var chosen = Array.prototype.map.call(
      fieldset.querySelectorAll("input:checked"), function (i) { return parseInt(i.value, 10); });
    var error = fieldset.querySelector(".question-error");
    pending[question] = true;
    show(t.tSaving);
    showAnswer(fieldset, t.tSaving, "text-muted");
    post(t.answerUrl, { question: parseInt(question, 10), options: chosen })
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
          show(t.tSaved, "text-success");
          showAnswer(fieldset, chosen.length ? t.tSaved : t.tNotSaved, chosen.length ? "text-success" : "text-muted");
          deadline = Date.now() + d.remaining * 1000;
          done();
        } else if (d.closed) {
          window.location = d.result_url;
        } else {
          delete pending[question];
          error.textContent = d.error;
          show(t.tFailed, "text-danger");
          showAnswer(fieldset, t.tFailed, "text-danger");
          done();
        }
      })
      .catch(function () {
        show(t.tRetrying, "text-danger");
        showAnswer(fieldset, t.tRetrying, "text-danger");
        if (attempt < 5) {
          setTimeout(function () { save(fieldset, attempt + 1, done); }, 2000);
        } else {
          delete pending[question];
          showAnswer(fieldset, t.tFailed, "text-danger");
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

  function busy() {
    return Object.keys(inflight).some(function (k) { return inflight[k]; }) ||
      Object.keys(pending).length > 0;
  }

  form.addEventListener("change", function (e) {
    var fieldset = e.target.closest("fieldset.question");
    if (!fieldset) return;
    refresh();
    queueSave(fieldset);
  });

  // --- hand-in confirmation ----------------------------------------------------
  var modalEl = document.getElementById("handin-modal");
  var confirmed = false;
  // Keyboard users land on the safe choice; Enter on it returns to the paper.
  modalEl.addEventListener("shown.bs.modal", function () {
    modalEl.querySelector("[data-bs-dismiss=modal].btn").focus();
  });

  function fillList(id, items) {
    var ul = document.getElementById(id);
    ul.innerHTML = "";
    items.forEach(function (q) {
      var li = document.createElement("li");
      li.className = "list-inline-item";
      var a = document.createElement("button");
      a.type = "button";
      a.className = "btn btn-link p-0";
      a.textContent = q.dataset.position;
      a.setAttribute("aria-label", t.tQuestion.replace("%s", q.dataset.position));
      a.addEventListener("click", function () {
        window.bootstrap.Modal.getOrCreateInstance(modalEl).hide();
        go(questions.indexOf(q), true);
      });
      li.appendChild(a);
      ul.appendChild(li);
    });
    document.getElementById(id + "-block").classList.toggle("d-none", items.length === 0);
  }

  form.addEventListener("submit", function (e) {
    if (confirmed || !window.bootstrap) return;
    e.preventDefault();
    var unanswered = questions.filter(function (q) { return !isAnswered(q); });
    var flagged = questions.filter(function (q) { return flags[q.dataset.question]; });
    document.getElementById("handin-summary").textContent = t.tSummary
      .replace("%(total)s", questions.length)
      .replace("%(answered)s", questions.length - unanswered.length)
      .replace("%(unanswered)s", unanswered.length);
    fillList("handin-unanswered", unanswered);
    fillList("handin-flagged", flagged);
    window.bootstrap.Modal.getOrCreateInstance(modalEl).show();
  });

  document.getElementById("handin-confirm").addEventListener("click", function () {
    var button = this;
    button.disabled = true;
    var waited = 0;
    // The form hands in what the server has saved: let answers on their way land first.
    (function wait() {
      if (busy() && waited < 15000) {
        show(t.tWaiting, "text-muted");
        waited += 250;
        setTimeout(wait, 250);
        return;
      }
      confirmed = true;
      submitted = true;
      try { window.localStorage.removeItem(flagKey); } catch (err) { /* private mode */ }
      form.submit();
    })();
  });

  // --- timer -------------------------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var warned = {};

  function warn(level, text, cls) {
    if (warned[level]) return;
    warned[level] = true;
    warning.textContent = text;
    warning.className = "alert " + cls + " py-1 px-2 mb-0 mt-2 small";
  }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    if (left <= 60) {
      timer.className = "badge bg-danger fs-6 font-monospace";
      warn("one", t.tOne, "alert-danger");
    } else if (left <= 300) {
      timer.className = "badge bg-warning text-dark fs-6 font-monospace";
      warn("five", t.tFive, "alert-warning");
    }
    if (left === 0 && !submitted) {
      submitted = true;
      show(t.tTimeUp, "text-danger");
      // Let answers still on their way land first (the server allows a short grace).
      var wait = Object.keys(pending).length ? 2000 : 0;
      setTimeout(handIn, wait);
    }
  }

  function handIn() {
    post(t.submitUrl, {}).then(function (r) { return r.json(); })
      .then(function (d) { window.location = d.result_url; })
      .catch(function () { window.location.reload(); });
  }

  // Re-sync with the server every 30 s, so a sleeping laptop or a wrong clock
  // never shows more time than the server allows.
  function sync() {
    fetch(t.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d.status !== "open") { window.location = d.result_url; return; }
        deadline = Date.now() + d.remaining * 1000;
      }).catch(function () {});
  }

  go(0, false);
  window.scrollTo(0, 0);
  root.dataset.ready = "1";
  tick();
  setInterval(tick, 1000);
  setInterval(sync, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) sync(); });
})();
