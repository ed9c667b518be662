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
  let ws = null, open = false, delay = 1000, codeTimer = null;

  function cell(text) { const td = document.createElement("td"); td.textContent = text; return td; }
  function render(row) {
    rows.set(row.enrolment, row);
    let tr = tbody.querySelector(`tr[data-enrolment="${row.enrolment}"]`);
    const fresh = document.createElement("tr");
    fresh.dataset.enrolment = row.enrolment; fresh.dataset.state = row.state;
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
    for (const [k, v] of Object.entries(c)) {
      const el = document.querySelector(`[data-count="${k}"]`); if (el) el.textContent = v;
    }
  }
  function windows(w) {
    document.getElementById("live-signin-open").textContent = w.signin_open ? "开放中" : "未开放";
    document.getElementById("live-signout-open").textContent = w.signout_open ? "开放中" : "未开放";
  }
  function showCode(data) {
    document.getElementById("live-code").textContent = data.code;
    document.getElementById("live-qr").innerHTML = data.qr_svg;
    let left = data.seconds_left;
    const seconds = document.getElementById("live-seconds");
    seconds.textContent = left;
    clearInterval(codeTimer);
    codeTimer = setInterval(() => {
      left -= 1; seconds.textContent = Math.max(left, 0);
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
  connect();
})();
