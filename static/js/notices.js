// Live in-site notices: bumps the unread badge when a notice arrives.
(function () {
  const badge = document.getElementById("notice-count");
  if (!badge || !("WebSocket" in window)) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let delay = 1000;
  function connect() {
    const ws = new WebSocket(`${scheme}://${location.host}/ws/notices/`);
    ws.onopen = () => { delay = 1000; document.body.dataset.noticeSocket = "open"; };
    ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type !== "notice") return;
      badge.textContent = String((parseInt(badge.textContent, 10) || 0) + 1);
      badge.classList.remove("d-none");
    };
    ws.onclose = (event) => {
      document.body.dataset.noticeSocket = "closed";
      if (event.code === 4401) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
