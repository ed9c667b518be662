// Trainer console and office board: rows update in place over the WebSocket; the
// console also refreshes the rotating code and QR and drives the windows.
(function () {
  const root = document.getElementById("live-staff");
  if (!root) return;
  const trainer = root.dataset.trainer === "1";
  const tbody = document.querySelector("#live-board tbody");
  const conn = document.getElementById("live-conn");
  const message = document.getElementById("live-message");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const rows = new Map();
  let ws = null, open = false, delay = 1000, codeTimer = null, codeWindow = 30;
  let filter = "all";
  const search = document.getElementById("live-search");
  const FILTERS = {
    all: () => true,
    in: (r) => r.state !== "absent",
    absent: (r) => r.state === "absent",
    short: (r) => r.state !== "absent" && !r.met,
    left_early: (r) => r.state === "left_early",
  };
  const every = (selector) => document.querySelectorAll(selector);

  function cell(text) { const td = document.createElement("td"); td.textContent = text; return td; }
  function render(row) {
    rows.set(row.enrolment, row);
    let tr = tbody.querySelector(`tr[data-enrolment="${row.enrolment}"]`);
    const fresh = document.createElement("tr");
    fresh.dataset.enrolment = row.enrolment; fresh.dataset.state = row.state;
    fresh.dataset.met = row.met ? "1" : "0";
    if (row.state !== "absent" && !row.met) fresh.className = "table-warning";
    fresh.append(cell(row.enterprise), cell(row.attendee),
      cell(row.state_label + (row.manual ? " · 补录" : "")),
      cell(`${row.signed_in_at} ${row.method}`));
    const minutes = cell(`${row.minutes}/${row.required}`); minutes.className = "text-end"; fresh.append(minutes);
    if (trainer) {
      const td = document.createElement("td"), b = document.createElement("button");
      b.type = "button"; b.className = "btn btn-sm btn-outline-secondary"; b.textContent = "补录";
      b.dataset.mark = row.enrolment; td.append(b); fresh.append(td);
    }
    if (tr) tr.replaceWith(fresh); else tbody.append(fresh);
  }
  function counts() {
    const all = [...rows.values()], signed = all.filter((r) => r.state !== "absent");
    const c = { enrolled: all.length, signed_in: signed.length, not_signed_in: all.length - signed.length,
      left_early: all.filter((r) => r.state === "left_early").length,
      met: all.filter((r) => r.met).length, short: signed.filter((r) => !r.met).length };
    for (const [k, v] of Object.entries(c)) every(`[data-count="${k}"]`).forEach((el) => { el.textContent = v; });
    for (const [k, test] of Object.entries(FILTERS)) {
      every(`[data-filter-count="${k}"]`).forEach((el) => { el.textContent = [...rows.values()].filter(test).length; });
    }
    applyFilter();
  }
  // Live roster filters: a state chip and a name search, applied again on every update.
  function applyFilter() {
    const words = search ? search.value.trim().toLowerCase() : "";
    tbody.querySelectorAll("tr[data-enrolment]").forEach((tr) => {
      const row = rows.get(Number(tr.dataset.enrolment)) || rows.get(tr.dataset.enrolment) ||
        { state: tr.dataset.state, met: tr.dataset.met === "1", enterprise: tr.cells[0].textContent, attendee: tr.cells[1].textContent };
      const text = `${row.enterprise} ${row.attendee}`.toLowerCase();
      tr.hidden = !(FILTERS[filter](row) && (!words || text.includes(words)));
    });
  }
  document.querySelectorAll("[data-filter]").forEach((button) => {
    button.addEventListener("click", () => {
      filter = button.dataset.filter;
      document.querySelectorAll("[data-filter]").forEach((b) => {
        const on = b === button; b.classList.toggle("active", on); b.setAttribute("aria-pressed", on ? "true" : "false");
      });
      applyFilter();
    });
  });
  if (search) search.addEventListener("input", applyFilter);
  function windows(w) {
    document.getElementById("live-signin-open").textContent = w.signin_open ? "开放中" : "未开放";
    document.getElementById("live-signout-open").textContent = w.signout_open ? "开放中" : "未开放";
    every("[data-live=signin-state]").forEach((el) => { el.textContent = w.signin_open ? "开放中" : "未开放"; });
  }
  // The QR SVG comes with a fixed size; a viewBox lets the projector scale it up.
  function fitQr() {
    every("[data-live=qr] svg").forEach((svg) => {
      if (!svg.getAttribute("viewBox")) {
        svg.setAttribute("viewBox", `0 0 ${parseFloat(svg.getAttribute("width"))} ${parseFloat(svg.getAttribute("height"))}`);
      }
    });
  }
  function showCode(data) {
    every("[data-live=code]").forEach((el) => { el.textContent = data.code; });
    every("[data-live=qr]").forEach((el) => { el.innerHTML = data.qr_svg; });
    fitQr();
    let left = data.seconds_left;
    codeWindow = Math.max(codeWindow, left);
    const bar = document.getElementById("projector-progress");
    const paint = () => {
      every("[data-live=seconds]").forEach((el) => { el.textContent = Math.max(left, 0); });
      if (bar) bar.style.width = `${Math.max(left, 0) * 100 / codeWindow}%`;
    };
    paint();
    clearInterval(codeTimer);
    codeTimer = setInterval(() => {
      left -= 1; paint();
      if (left <= 0 && open) { clearInterval(codeTimer); ws.send(JSON.stringify({ action: "code" })); }
    }, 1000);
  }
  function connect() {
    ws = new WebSocket(`${scheme}://${location.host}/ws/live/${root.dataset.session}/`);
    ws.onopen = () => { open = true; delay = 1000; conn.textContent = "实时"; conn.className = "badge text-bg-success ms-1";
      if (trainer) ws.send(JSON.stringify({ action: "code" })); };
    ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "hello" || data.type === "board") {
        tbody.innerHTML = ""; rows.clear(); data.rows.forEach(render); counts();
        if (data.type === "hello") windows(data);
      } else if (data.type === "board.row") { render(data.row); counts(); }
      else if (data.type === "windows") windows(data);
      else if (data.type === "code") showCode(data);
      else if (data.type === "error" && message) { message.textContent = data.message; message.className = "alert alert-danger mt-2 mb-0"; }
    };
    ws.onclose = (event) => {
      open = false; conn.textContent = "重新连接中"; conn.className = "badge text-bg-warning ms-1";
      if (event.code === 4401 || event.code === 4404) return;
      setTimeout(connect, delay); delay = Math.min(delay * 2, 15000);
    };
  }
  document.querySelectorAll("[data-ws-action]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!open) return; // no socket: the button's form posts instead
      event.preventDefault();
      ws.send(JSON.stringify({ action: button.dataset.wsAction }));
    });
  });
  tbody.addEventListener("click", (event) => {
    const id = event.target.dataset && event.target.dataset.mark;
    if (!id) return;
    document.getElementById("mark-enrolment").value = id;
    document.getElementById("mark-reason").focus();
  });
  // Projector view: the code, QR, countdown and counts, big, over the whole screen.
  const projector = document.getElementById("projector");
  function projectorShow(on) {
    if (!projector) return;
    projector.hidden = !on;
    document.body.classList.toggle("projecting", on);
    if (on) {
      if (projector.requestFullscreen) projector.requestFullscreen().catch(() => {});
      document.getElementById("projector-close").focus();
    } else {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      document.getElementById("projector-open").focus();
    }
  }
  if (projector) {
    document.getElementById("projector-open").addEventListener("click", () => projectorShow(true));
    document.getElementById("projector-close").addEventListener("click", () => projectorShow(false));
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !projector.hidden) projectorShow(false); });
    document.addEventListener("fullscreenchange", () => {
      if (!document.fullscreenElement && !projector.hidden) projectorShow(false);
    });
  }
  fitQr();
  applyFilter();
  connect();
})();
