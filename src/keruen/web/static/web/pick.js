/* Keruen forms: references picked by name (Tom Select), amounts with the reader's separators and
   a live USD preview. Progressive: without it the selects and inputs still submit. */
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "en").slice(0, 2);
  var comma = lang === "ru" || lang === "kk";
  var TEXT = {
    en: { none: "Nothing found", type: "Type a name…" },
    ru: { none: "Ничего не найдено", type: "Введите название…" },
    kk: { none: "Ештеңе табылмады", type: "Атауын теріңіз…" }
  }[lang] || { none: "Nothing found", type: "Type a name…" };

  function pick(el) {
    if (el.tomselect || !window.TomSelect) return;
    var url = el.getAttribute("data-url");
    var opts = {
      plugins: el.multiple ? ["remove_button"] : [],
      maxOptions: 200,
      allowEmptyOption: !el.multiple,
      placeholder: TEXT.type,
      render: { no_results: function () { return '<div class="no-results">' + TEXT.none + "</div>"; } }
    };
    if (url) {
      opts.valueField = "value";
      opts.labelField = "text";
      opts.searchField = [];  // the server searches every script and alias
      opts.shouldLoad = function (q) { return q.length > 0; };
      opts.load = function (q, done) {
        var sep = url.indexOf("?") < 0 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (j) { done(j.results); })
          .catch(function () { done(); });
      };
    }
    new window.TomSelect(el, opts);
  }

  function parse(text) {
    var raw = String(text).replace(/[\s\u00a0\u202f']/g, "");
    var dec = ".";
    if (raw.indexOf(",") >= 0 && raw.indexOf(".") >= 0) dec = raw.lastIndexOf(",") > raw.lastIndexOf(".") ? "," : ".";
    else if (raw.indexOf(",") >= 0) dec = comma ? "," : ".";
    raw = raw.split(dec === "," ? "." : ",").join("").replace(dec, ".");
    return raw === "" ? null : Number(raw);
  }

  function format(n) {
    return new Intl.NumberFormat(lang === "kk" ? "kk-KZ" : lang === "ru" ? "ru-RU" : "en-US",
      { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(n);
  }

  function money(input) {
    if (input.dataset.wired) return;
    input.dataset.wired = "1";
    var form = input.form;
    var out = document.createElement("div");
    out.className = "form-text usd-preview";
    out.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", out);
    function sibling(name) { return name && form ? form.elements.namedItem(name) : null; }
    var timer = null;
    function preview() {
      var n = parse(input.value), cur = sibling(input.dataset.currency), day = sibling(input.dataset.date);
      if (n === null || isNaN(n) || !cur || !cur.value) { out.textContent = ""; return; }
      var q = "?amount=" + n + "&currency=" + encodeURIComponent(cur.value) + "&date=" + encodeURIComponent(day ? day.value : "");
      fetch((document.body.dataset.usdPreview || "/fx/usd/") + q, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) { out.textContent = j.error || j.text || ""; })
        .catch(function () { out.textContent = ""; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(preview, 300); }
    input.addEventListener("input", later);
    input.addEventListener("blur", function () {
      var n = parse(input.value);
      if (n !== null && !isNaN(n)) input.value = format(n);
    });
    [input.dataset.currency, input.dataset.date].forEach(function (name) {
      var el = sibling(name);
      if (el) el.addEventListener("change", later);
    });
    preview();
  }

  function wire(root) {
    root.querySelectorAll("select[data-pick]").forEach(pick);
    root.querySelectorAll("input[data-money]").forEach(money);
  }
  if (document.readyState !== "loading") wire(document);
  else document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function (e) { wire(e.target); });
})();
