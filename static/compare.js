// Roll Call compare view: two countries' published positions, side by side. The page works
// without this file (it links to each country's pre-built tables).
(function () {
  "use strict";
  var form = document.querySelector("form.compare");
  var out = document.getElementById("compare-result");
  if (!form || !out || !window.fetch || !window.URLSearchParams) return;
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
          [y.year, y.both, y.agreed + " (" + Math.round(100 * y.agreed / y.both) + "%)"].forEach(function (c) { r.insertCell().textContent = c; });
        });
        out.appendChild(el("h3", "Agreement per year"));
        out.appendChild(t);
      }
    }
    var table = el("table", undefined, "stack"), hr = table.createTHead().insertRow();
    ["Year", "Vote", names[a]].concat(b ? [names[b]] : []).forEach(function (h) { hr.appendChild(el("th", h)); });
    var body = table.createTBody();
    rows.slice().reverse().forEach(function (v) {
      var r = body.insertRow();
      r.insertCell().textContent = v[1];
      var link = el("a", v[3]); link.href = index.vote_url.replace("XXX", v[0]);
      r.insertCell().appendChild(link);
      r.insertCell().textContent = LABELS[pa[v[0]]] || "—";
      if (b) r.insertCell().textContent = LABELS[pb[v[0]]] || "—";
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
