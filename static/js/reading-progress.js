// Reading progress beacons for a lecture page: "open" on load, "end" when the end
// marker scrolls into view (IntersectionObserver), "time" once done-after seconds
// have passed. The server checks the time itself and ignores repeats.
(function () {
  "use strict";
  var marker = document.getElementById("lecture-end");
  if (!marker || !marker.dataset.beaconUrl) return;
  var url = marker.dataset.beaconUrl;
  var label = marker.querySelector("[data-progress-label]");
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var done = marker.dataset.done === "1";

  function send(event) {
    if (done && event !== "open") return Promise.resolve();
    var body = new URLSearchParams({ event: event });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data && data.done && !done) {
          done = true;
          if (label) label.textContent = "本讲已学完。";
        }
      })
      .catch(function () {});
  }

  send("open").then(function () {
    if (done) return;
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          observer.disconnect();
          send("end");
        }
      });
      observer.observe(marker);
    }
    var seconds = parseInt(marker.dataset.doneAfter || "0", 10);
    if (seconds > 0) {
      window.setTimeout(function () { send("time"); }, seconds * 1000 + 500);
    }
  });
})();
