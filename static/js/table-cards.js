// Gives every cell of a "table-cards" table its column heading as data-label, so the
// phone layout (css/table-cards.css) can show "heading  value" in each card. Rows
// added later (live boards) are labelled as they arrive.
(function () {
  "use strict";
  function label(table) {
    var heads = Array.prototype.map.call(
      table.querySelectorAll(":scope > thead > tr:last-child > th"),
      function (th) { return th.textContent.trim(); });
    table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr").forEach(function (tr) {
      var column = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        var span = cell.colSpan || 1;
        if (span === 1 && heads[column] !== undefined && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", heads[column]);
        }
        column += span;
      });
    });
  }
  document.querySelectorAll("table.table-cards").forEach(function (table) {
    label(table);
    new MutationObserver(function () { label(table); })
      .observe(table, { childList: true, subtree: true });
  });
})();
