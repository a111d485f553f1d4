/* Keruen: progressive enhancement only; every page works without it. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  // d3-format locales for Vega: kk and ru write a decimal comma and group with a no-break space.
  var LOCALES = {
    kk: { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0$"] },
    ru: { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0$"] }
  };
  function drawCharts(root) {
    if (!window.vegaEmbed) return;
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    (root || document).querySelectorAll("[data-vega-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      var opts = { renderer: "svg", actions: false };
      if (LOCALES[lang]) opts.formatLocale = LOCALES[lang];
      window.vegaEmbed(el, JSON.parse(source.textContent), opts).catch(function (err) {
        el.textContent = el.getAttribute("data-error") || String(err);
      });
    });
  }
  window.keruenDrawCharts = drawCharts;
  ready(function () {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
    drawCharts(document);
  });
  document.addEventListener("htmx:afterSettle", function () { drawCharts(document); });
})();
