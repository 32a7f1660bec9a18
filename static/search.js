// Search with Pagefind (the build indexes the pages: rollcall/search.py). The site works without
// this file: the search page then points to the lists. Typing shows results at once; Enter opens
// the search page (/search/?q=…), whose address can be shared.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  if (!input || !list || !input.getAttribute("data-bundle")) return;
  var bundle = input.getAttribute("data-bundle");
  var full = input.hasAttribute("data-full");
  var status = document.getElementById("search-status");
  var filterBox = document.querySelector(".search-filters");
  var chosen = {};
  var engine = null;
  var latest = 0;

  // A larger site's index is in shards (rollcall/search.py): the first is the bundle, the
  // others are listed in a file inside it and merged into it; results and filters span them all.
  function shardList() {
    var listed = input.getAttribute("data-shards");
    if (!listed) return Promise.resolve([]);
    return fetch(listed, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : { merge: [] }; })
      .then(function (shards) { return shards.merge || []; });
  }

  function load() {
    if (!engine) {
      engine = Promise.all([import(bundle), shardList()]).then(function (loaded) {
        var pagefind = loaded[0];
        var settings = { baseUrl: bundle.replace(/pagefind\/pagefind\.js$/, ""), excerptLength: 0 };
        return pagefind.options(settings).then(function () {
          return Promise.all(loaded[1].map(function (shard) { return pagefind.mergeIndex(shard, settings); }));
        }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function say(text) { if (status) status.textContent = text; }

  function item(page) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    li.appendChild(link);
    var m = page.meta;
    var facts = [m.kind, m.body, m.date, m.outcome, m.tally].filter(Boolean);
    if (facts.length) {
      var span = document.createElement("span");
      span.className = "count";
      span.textContent = " " + facts.join(" · ");
      li.appendChild(span);
    }
    return li;
  }

  function show() {
    var query = input.value.trim();
    var mine = ++latest;
    if (full) history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query) { list.textContent = ""; say(""); return; }
    load().then(function (pagefind) { return pagefind.search(query, { filters: chosen }); })
      .then(function (found) {
        if (mine !== latest || !found) return null;
        var first = found.results.slice(0, full ? 50 : 8);
        return Promise.all(first.map(function (r) { return r.data(); })).then(function (pages) {
          if (mine !== latest) return;
          list.textContent = "";
          pages.forEach(function (page) { list.appendChild(item(page)); });
          var n = found.results.length;
          say(n ? n + (n === 1 ? " result" : " results") + (n > pages.length ? ", the first " + pages.length + " shown" : "")
                : "No match.");
          if (!n && !status) { var none = document.createElement("li"); none.textContent = "No match."; list.appendChild(none); }
        });
      })
      .catch(function () { say("Search could not load; browse the lists instead."); });
  }

  function addFilters() {
    if (!filterBox) return;
    load().then(function (pagefind) { return pagefind.filters(); }).then(function (filters) {
      ["kind", "body", "outcome", "year"].forEach(function (name) {
        var values = Object.keys(filters[name] || {});
        if (!values.length) return;
        values.sort();
        if (name === "year") values.reverse();
        var label = document.createElement("label");
        label.textContent = name.charAt(0).toUpperCase() + name.slice(1) + " ";
        var select = document.createElement("select");
        select.name = name;
        [""].concat(values).forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value || "any";
          select.appendChild(option);
        });
        select.addEventListener("change", function () {
          if (select.value) chosen[name] = select.value; else delete chosen[name];
          show();
        });
        label.appendChild(select);
        filterBox.appendChild(label);
      });
      filterBox.hidden = false;
    });
  }

  input.addEventListener("input", show);
  if (full) {
    var note = document.getElementById("search-without-script");
    if (note) note.hidden = true;
    input.form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) { input.value = asked; show(); }
    addFilters();
  }
})();
