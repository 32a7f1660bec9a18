// Roll Call progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Sortable tables: click a column header to sort by it.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      th.setAttribute("aria-sort", "none");
      th.tabIndex = 0;
      var sort = function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          var c = (!isNaN(nx) && !isNaN(ny) && /^[\d,.\-–]+%?\*?$/.test(x)) ? nx - ny : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });

  // Filter box above vote lists.
  Array.prototype.forEach.call(document.querySelectorAll(".filter-hint"), function (hint) {
    hint.hidden = false;
    var box = hint.querySelector("input");
    var table = hint.parentNode.querySelector("table.votes");
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = q && row.textContent.toLowerCase().indexOf(q) === -1;
      });
    });
  });
})();
