// Roll Call progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Search on the home page: loads the small JSON index on first use.
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  if (input && list) {
    var entries = null;
    var load = function () {
      if (entries) return Promise.resolve(entries);
      return fetch(input.getAttribute("data-index")).then(function (r) { return r.json(); })
        .then(function (data) { entries = data; return data; });
    };
    var show = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) return;
      load().then(function (data) {
        var shown = 0;
        for (var i = 0; i < data.length && shown < 30; i++) {
          var label = data[i][0].toLowerCase();
          if (words.every(function (w) { return label.indexOf(w) !== -1; })) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = data[i][1];
            a.textContent = data[i][0];
            li.appendChild(a);
            list.appendChild(li);
            shown++;
          }
        }
        if (!shown) { var none = document.createElement("li"); none.textContent = "No match."; list.appendChild(none); }
      });
    };
    input.addEventListener("input", show);
    input.form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
  }

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
  // Vote maps: a tap or click names the country and its position (a touch screen cannot hover).
  Array.prototype.forEach.call(document.querySelectorAll(".rc-map"), function (figure) {
    var out = figure.querySelector(".rc-picked");
    if (!out) return;
    var current = null;
    figure.querySelector("svg").addEventListener("click", function (e) {
      var use = e.target.closest ? e.target.closest("g > use") : null;
      if (!use) return;
      if (current) current.classList.remove("rc-on");
      current = use;
      use.classList.add("rc-on");
      var title = use.querySelector("title");
      out.textContent = title ? title.textContent : "";
      out.hidden = false;
    });
  });
})();
