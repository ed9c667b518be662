// Attendee's live page: sign in/out over the WebSocket, presence heartbeats for
// online sessions, reconnects that resume, and an HTTP fallback with the same rules.
(function () {
  const root = document.getElementById("live-attendee");
  if (!root) return;
  const sessionId = root.dataset.session;
  const online = root.dataset.mode === "online";
  const interval = (parseInt(root.dataset.heartbeat, 10) || 20) * 1000;
  const form = document.getElementById("live-form");
  const codeInput = document.getElementById("live-code");
  const conn = document.getElementById("live-conn");
  const message = document.getElementById("live-message");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let ws = null, open = false, delay = 1000, failures = 0, timer = null;
  let signedIn = root.dataset.signedIn === "1", signedOut = root.dataset.signedOut === "1";

  function say(text, ok) {
    message.textContent = text;
    message.className = "alert " + (ok ? "alert-success" : "alert-danger");
  }
  function minutes(value) {
    document.getElementById("live-minutes").textContent = value;
    const bar = document.getElementById("live-progress");
    const required = parseInt(bar.getAttribute("aria-valuemax"), 10) || 1;
    bar.setAttribute("aria-valuenow", value);
    bar.firstElementChild.style.width = `${Math.min(100, value * 100 / required)}%`;
  }
  function beaten() {
    const last = document.getElementById("live-last-beat");
    if (last) last.textContent = `${last.dataset.label} ${new Date().toLocaleTimeString("zh-CN", { hour12: false })}`;
  }
  function show(state) {
    signedIn = state.signed_in; signedOut = state.signed_out;
    document.getElementById("live-state").textContent = state.state_label;
    minutes(state.minutes);
    windows(state);
  }
  function windows(w) {
    document.getElementById("live-signin-open").textContent = w.signin_open ? "开放中" : "未开放";
    document.getElementById("live-signout-open").textContent = w.signout_open ? "开放中" : "未开放";
  }
  function beat() {
    if (!online || !signedIn || signedOut) return;
    if (open) ws.send(JSON.stringify({ action: "heartbeat" }));
    else http("heartbeat", "");
  }
  function http(action, code) {
    const body = new FormData(form);
    body.set("action", action); body.set("code", code);
    return fetch(root.dataset.actUrl, { method: "POST", body, headers: { "X-Requested-With": "fetch" } })
      .then((r) => r.json())
      .then((data) => {
        if (data.ok) { show(data.state); if (action === "heartbeat") beaten(); if (action !== "heartbeat") say(action === "sign_in" ? "签到成功。" : "签退成功。", true); }
        else say(data.message, false);
      })
      .catch(() => say("网络异常，请稍后重试。", false));
  }
  function connect() {
    if (!("WebSocket" in window) || failures >= 3) { conn.textContent = "网页模式"; return; }
    ws = new WebSocket(`${scheme}://${location.host}/ws/live/${sessionId}/`);
    ws.onopen = () => { open = true; delay = 1000; failures = 0; conn.textContent = "已连接"; conn.className = "badge text-bg-success ms-1"; };
    ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "hello") { windows(data); show(data.state); beat(); }
      else if (["signed_in", "signed_out", "state"].includes(data.type)) {
        show(data.state);
        if (data.type === "signed_in") say("签到成功。", true);
        if (data.type === "signed_out") say("签退成功。", true);
      } else if (data.type === "heartbeat") { minutes(data.minutes); beaten(); }
      else if (data.type === "windows") windows(data);
      else if (data.type === "error") say(data.message, false);
    };
    ws.onclose = (event) => {
      open = false; conn.textContent = "重新连接中"; conn.className = "badge text-bg-warning ms-1";
      if (event.code === 4401 || event.code === 4404) { conn.textContent = "网页模式"; return; }
      failures += 1;
      setTimeout(connect, delay); delay = Math.min(delay * 2, 15000);
    };
  }
  form.addEventListener("submit", (event) => {
    const action = event.submitter ? event.submitter.value : "sign_in";
    const code = codeInput.value.trim();
    event.preventDefault();
    if (open) ws.send(JSON.stringify({ action, code }));
    else http(action, code);
  });
  timer = setInterval(beat, interval);
  connect();
})();
