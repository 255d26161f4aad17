// The paragraph a link points to (sources/<id>/#p12:~:text=...): marked for the stylesheet.
// When the link's text fragment matches, the browser highlights the quote itself and the
// paragraph is not the page's :target; this keeps the paragraph marked too. Without JavaScript
// the quote is still highlighted by the browser.
(function () {
  "use strict";
  function mark() {
    var id = decodeURIComponent((window.location.hash || "").slice(1));
    document.querySelectorAll(".para.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var target = id ? document.getElementById(id) : null;
    if (target && target.classList.contains("para")) target.classList.add("is-target");
  }
  window.addEventListener("hashchange", mark);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(mark);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
