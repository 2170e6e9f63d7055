// Reloads the page's data in place: every element marked data-refresh is
// replaced by the same element of a fresh copy of the page, at the interval
// that <main data-refresh-seconds> sets. A failed fetch keeps the old view.
(function () {
  "use strict";

  var main = document.querySelector("main[data-refresh-seconds]");
  if (!main) return;
  var seconds = Number(main.getAttribute("data-refresh-seconds")) || 60;

  function swap(fresh) {
    var parts = document.querySelectorAll("[data-refresh][id]");
    for (var i = 0; i < parts.length; i++) {
      var next = fresh.getElementById(parts[i].id);
      if (next) parts[i].replaceWith(document.importNode(next, true));
    }
    document.dispatchEvent(new CustomEvent("pages:refreshed"));
  }

  function refresh() {
    fetch(location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (text) {
        swap(new DOMParser().parseFromString(text, "text/html"));
        document.documentElement.removeAttribute("data-stale");
      })
      .catch(function () {
        // Offline or the link expired: mark the view stale, keep it shown.
        document.documentElement.setAttribute("data-stale", "true");
      });
  }

  setInterval(function () {
    if (!document.hidden) refresh();
  }, seconds * 1000);

  var select = document.querySelector("select[data-auto-submit]");
  if (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  }
})();
