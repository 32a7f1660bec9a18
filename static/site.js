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

// Compare view (/compare/): two countries' published positions, side by side. The page works
// without this file (it links to each country's pre-built tables).
(function () {
  "use strict";
  var form = document.querySelector("form.compare");
  var out = document.getElementById("compare-result");
  if (!form || !out || !window.fetch || !window.URLSearchParams) return;
  Array.prototype.forEach.call(document.querySelectorAll(".no-script"), function (p) { p.hidden = true; });
  var params = new URLSearchParams(window.location.search);
  ["a", "b", "about", "topic", "body"].forEach(function (name) {
    if (params.get(name)) form.elements[name].value = params.get(name);
  });
  var a = params.get("a");
  if (!a) return;
  var b = params.get("b") || "";
  var LABELS = {yes: "Yes", no: "No", abstain: "Abstain", absent: "Absent"};
  var VOTED = {yes: 1, no: 1, abstain: 1};

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function slice(id) {
    return fetch(form.getAttribute("data-slice").replace("xxx", id.toLowerCase()))
      .then(function (r) { if (!r.ok) throw new Error(id); return r.json(); })
      .then(function (pkg) {
        var positions = {};
        pkg.resources.forEach(function (res) {
          if (res.name !== "positions") return;
          res.data.slice(1).forEach(function (row) { positions[row[0]] = row[2]; });
        });
        return positions;
      });
  }
  function chosen(vote) {
    var about = params.get("about"), topic = params.get("topic"), body = params.get("body");
    return (!about || vote[4].indexOf(about) !== -1) && (!topic || vote[5].indexOf(topic) !== -1) &&
      (!body || vote[2] === body);
  }
  function chart(years) {
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg");
    var width = Math.max(years.length * 12, 120);
    svg.setAttribute("viewBox", "0 0 " + width + " 100");
    svg.setAttribute("class", "agreement-chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Share of votes on which they agreed, per year (table below)");
    years.forEach(function (y, i) {
      var h = Math.round(100 * y.agreed / y.both);
      var ground = document.createElementNS(svgNS, "rect");
      ground.setAttribute("x", i * 12 + 1); ground.setAttribute("width", 10);
      ground.setAttribute("y", 0); ground.setAttribute("height", 100);
      ground.setAttribute("class", "ground");
      svg.appendChild(ground);
      var rect = document.createElementNS(svgNS, "rect");
      rect.setAttribute("x", i * 12 + 1); rect.setAttribute("width", 10);
      rect.setAttribute("y", 100 - h); rect.setAttribute("height", h);
      var title = document.createElementNS(svgNS, "title");
      title.textContent = y.year + ": " + h + "%";
      rect.appendChild(title);
      svg.appendChild(rect);
    });
    return svg;
  }
  function show(index, pa, pb) {
    var names = index.countries;
    var rows = index.votes.filter(function (v) { return chosen(v) && (v[0] in pa || v[0] in pb); });
    out.textContent = "";
    var heading = names[a] + (b ? " and " + names[b] : "") + (params.get("about") ? " on texts about " + names[params.get("about")] : "");
    out.appendChild(el("h2", heading));
    if (!rows.length) { out.appendChild(el("p", "No recorded vote matches.")); return; }
    if (b) {
      var byYear = {}, order = [];
      rows.forEach(function (v) {
        var x = pa[v[0]], y = pb[v[0]];
        if (!(x in VOTED) || !(y in VOTED)) return;
        if (!byYear[v[1]]) { byYear[v[1]] = {year: v[1], both: 0, agreed: 0}; order.push(byYear[v[1]]); }
        byYear[v[1]].both++;
        if (x === y) byYear[v[1]].agreed++;
      });
      var total = order.reduce(function (s, y) { return s + y.both; }, 0);
      var agreed = order.reduce(function (s, y) { return s + y.agreed; }, 0);
      out.appendChild(el("p", total ? "They agreed on " + agreed + " of the " + total + " vote" + (total === 1 ? "" : "s") +
        " both took part in (" + Math.round(100 * agreed / total) + "%)." : "They never both voted on these texts."));
      if (order.length) {
        out.appendChild(chart(order));
        var t = el("table", undefined, "stack"), head = t.createTHead().insertRow();
        ["Year", "Votes both took part in", "Agreed"].forEach(function (h) { head.appendChild(el("th", h)); });
        var tb = t.createTBody();
        order.forEach(function (y) {
          var r = tb.insertRow();
          [y.year, y.both, y.agreed + " (" + Math.round(100 * y.agreed / y.both) + "%)"].forEach(function (c, i) {
            var cell = r.insertCell();
            cell.textContent = c;
            cell.setAttribute("data-label", ["Year", "Votes both took part in", "Agreed"][i]);
          });
        });
        out.appendChild(el("h3", "Agreement per year"));
        out.appendChild(t);
      }
    }
    var table = el("table", undefined, "stack"), hr = table.createTHead().insertRow();
    ["Year", "Vote", names[a]].concat(b ? [names[b]] : []).forEach(function (h) { hr.appendChild(el("th", h)); });
    var body = table.createTBody();
    var labelled = function (row, label) { var cell = row.insertCell(); cell.setAttribute("data-label", label); return cell; };
    rows.slice().reverse().forEach(function (v) {
      var r = body.insertRow();
      labelled(r, "Year").textContent = v[1];
      var link = el("a", v[3]); link.href = index.vote_url.replace("XXX", v[0]);
      labelled(r, "Vote").appendChild(link);
      labelled(r, names[a]).textContent = LABELS[pa[v[0]]] || "—";
      if (b) labelled(r, names[b]).textContent = LABELS[pb[v[0]]] || "—";
    });
    out.appendChild(el("h3", rows.length + " recorded vote" + (rows.length === 1 ? "" : "s") + ", newest first"));
    out.appendChild(table);
  }
  out.textContent = "Loading…";
  Promise.all([fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }),
               slice(a), b ? slice(b) : Promise.resolve({})])
    .then(function (got) { show(got[0], got[1], got[2]); })
    .catch(function () { out.textContent = "The data could not be loaded."; });
})();
