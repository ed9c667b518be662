// Draw a signature on the canvas and post it as a PNG data URL.
(function () {
  const canvas = document.getElementById("signature-pad");
  const form = document.getElementById("letter-form");
  if (!canvas || !form || !canvas.getContext) return;
  const ctx = canvas.getContext("2d");
  const hidden = form.querySelector("input[name=signature]");
  let drawing = false;
  let drawn = false;
  ctx.lineWidth = 3;
  ctx.lineCap = "round";
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
  }
  // Pointer events cover mouse, pen and finger; the capture keeps a finger's stroke
  // on the canvas when it strays past the edge, and a cancelled touch keeps its ink.
  canvas.addEventListener("pointerdown", (e) => {
    e.preventDefault();
    drawing = true;
    if (canvas.setPointerCapture) canvas.setPointerCapture(e.pointerId);
    ctx.beginPath(); ctx.moveTo(...point(e));
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    e.preventDefault();
    ctx.lineTo(...point(e)); ctx.stroke(); drawn = true;
  });
  ["pointerup", "pointercancel"].forEach((t) => canvas.addEventListener(t, () => { drawing = false; }));
  canvas.addEventListener("pointerleave", (e) => { if (e.pointerType === "mouse") drawing = false; });
  document.getElementById("signature-clear").addEventListener("click", () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; hidden.value = "";
  });
  form.addEventListener("submit", () => { hidden.value = drawn ? canvas.toDataURL("image/png") : ""; });
})();
