/*
 * Cite boxes: the reader's own access date, copy buttons, and a cite box for any paragraph.
 *
 * The pages carry every citation with the site's build date as the access date
 * (<span class="access-date" data-style="...">); this script puts in today's date, as the
 * reader's computer gives it, in the style each format needs. A source page's paragraphs
 * link to the whole-source box (<a class="para-cite" href="#cite" data-passage="p12">);
 * with this script a click opens a box for that paragraph instead: a copy of the empty box in
 * <template id="passage-cite-template"> (rendered from the same template as every cite box),
 * filled from data/passages/<source-id>.json (its URL is in the page box's data-passages).
 * Only the access-date wording lives here. Plain ES2017, no libraries, no requests to other
 * sites. Pages without cite boxes are left alone.
 */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];
  var TOKEN = /\ue000([a-z]+)\ue001/g;   // an access date left open in the passage data
  var passageData = new Map();           // data URL -> Promise of {anchor: {format: citation}}

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* The same formats as record/cite.py format_access. */
  function formatAccess(style, date) {
    var y = date.getFullYear(), m = date.getMonth(), d = date.getDate();
    switch (style) {
      case "chicago": case "apa": return MONTHS[m] + " " + d + ", " + y;
      case "mla": return d + " " + MLA_MONTHS[m] + " " + y;
      case "iso": return y + "-" + pad(m + 1) + "-" + pad(d);
      case "ris": return y + "/" + pad(m + 1) + "/" + pad(d);
      case "csl": return y + ", " + (m + 1) + ", " + d;
      default: return null;
    }
  }

  function today() { return new Date(); }   // the reader's local date

  function accessNoteText() {
    return "Access dates below are today's date, " + formatAccess("iso", today()) + ", from your browser.";
  }

  /* --- copying ------------------------------------------------------------------------------- */

  function selectText(element) {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyWithSelection(element) {
    selectText(element);
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    if (done) window.getSelection().removeAllRanges();
    return done;
  }

  function say(button, text) {
    button.textContent = text;
    var status = button.closest(".cite-box") && button.closest(".cite-box").querySelector(".cite-status");
    if (status) status.textContent = text === "Copied" ? (button.getAttribute("aria-label") || "").replace(/^Copy/, "Copied") : text;
    clearTimeout(button._citeTimer);
    button._citeTimer = setTimeout(function () { button.textContent = "Copy"; }, 2000);
  }

  /* --- one format at a time ------------------------------------------------------------------ */

  var FORMAT_KEY = "cite-format";                // the reader's last choice, kept in this browser

  function chosenFormat() {
    try { return window.localStorage.getItem(FORMAT_KEY); } catch (e) { return null; }
  }

  /* Show one format of a box, with a chooser before it; without the script every format shows. */
  function collapse(box) {
    var parts = Array.prototype.slice.call(box.querySelectorAll(".cite-format"));
    if (parts.length < 2 || box.querySelector("select.cite-choose")) return;
    var label = document.createElement("label");
    label.className = "cite-choose-label";
    label.textContent = "Format: ";
    var select = document.createElement("select");
    select.className = "cite-choose";
    parts.forEach(function (part) {
      var heading = part.querySelector("h3, h4");
      var option = document.createElement("option");
      option.value = part.getAttribute("data-format-key") || "";
      option.textContent = heading ? heading.textContent : option.value;
      select.appendChild(option);
    });
    label.appendChild(select);
    parts[0].parentNode.insertBefore(label, parts[0]);
    function show(key) {
      var found = parts.some(function (part) { return part.getAttribute("data-format-key") === key; });
      if (!found) key = parts[0].getAttribute("data-format-key");
      select.value = key;
      parts.forEach(function (part) { part.hidden = part.getAttribute("data-format-key") !== key; });
    }
    select.addEventListener("change", function () {
      try { window.localStorage.setItem(FORMAT_KEY, select.value); } catch (e) { /* private mode */ }
      show(select.value);
    });
    show(chosenFormat());
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-target") || "");
    if (!target) return;
    var text = target.textContent;
    var fallback = function () {
      say(button, copyWithSelection(target) ? "Copied" : "Selected: press Ctrl+C");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(button, "Copied"); }, fallback);
    } else {
      fallback();
    }
  }

  /* --- dates and buttons in the boxes already on the page -------------------------------------- */

  function refresh(root) {
    var date = today();
    root.querySelectorAll(".access-date[data-style]").forEach(function (span) {
      var text = formatAccess(span.getAttribute("data-style"), date);
      if (text) span.textContent = text;
    });
    root.querySelectorAll(".access-note").forEach(function (note) { note.textContent = accessNoteText(); });
    root.querySelectorAll("button.cite-copy").forEach(function (button) { button.hidden = false; });
    var boxes = root.matches && root.matches(".cite-box") ? [root] : root.querySelectorAll(".cite-box");
    Array.prototype.forEach.call(boxes, function (box) {
      if (!box.closest("template")) collapse(box);
    });
  }

  /* --- a box for one paragraph ---------------------------------------------------------------- */

  /* Fill a <pre> with citation text, each access-date token as a span holding today's date. */
  function fillCitation(pre, text) {
    var last = 0, match, date = today();
    pre.textContent = "";
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      pre.appendChild(document.createTextNode(text.slice(last, match.index)));
      var span = document.createElement("span");
      span.className = "access-date";
      span.setAttribute("data-style", match[1]);
      span.textContent = formatAccess(match[1], date) || "";
      pre.appendChild(span);
      last = TOKEN.lastIndex;
    }
    pre.appendChild(document.createTextNode(text.slice(last)));
  }

  /* A copy of the page's empty passage box, filled with the citations of one paragraph. */
  function passageBox(anchor, citations) {
    var model = document.getElementById("passage-cite-template");
    var box = model && model.content.firstElementChild ? model.content.firstElementChild.cloneNode(true) : null;
    if (!box) return null;
    box.id = "cite-" + anchor;
    var number = box.querySelector(".passage-number");
    if (number) number.textContent = anchor.replace(/^p/, "");
    var title = box.querySelector(".passage-cite-title");
    var close = box.querySelector(".cite-close");
    if (title && close) {                         // "Close", described by the box's own title
      title.id = box.id + "-title";
      close.setAttribute("aria-describedby", title.id);
    }
    box.querySelectorAll("pre[data-format]").forEach(function (pre) {
      var format = pre.getAttribute("data-format");
      var text = Object.prototype.hasOwnProperty.call(citations, format) ? citations[format] : null;
      var part = pre.closest(".cite-format");
      if (typeof text !== "string") { if (part) part.remove(); return; }
      pre.id = box.id + "-" + format;
      fillCitation(pre, text);
      var button = part ? part.querySelector("button.cite-copy") : null;
      if (button) button.setAttribute("data-target", pre.id);
    });
    return box;
  }

  function loadPassages(url) {
    if (!passageData.has(url)) {
      var request = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      request.catch(function () { passageData.delete(url); });   // let a later click retry
      passageData.set(url, request);
    }
    return passageData.get(url);
  }

  function dataUrl() {
    var box = document.querySelector(".cite-box[data-passages]");
    if (!box) return null;
    try {
      var url = new URL(box.getAttribute("data-passages"), document.baseURI);
      return url.origin === window.location.origin ? url.href : null;   // same site only
    } catch (e) {
      return null;
    }
  }

  function paragraphOf(link, anchor) {
    return link.closest(".para") || document.getElementById(anchor);
  }

  function placeBox(paragraph, box) {
    if (paragraph.tagName === "LI") paragraph.appendChild(box);   // keep lists valid
    else paragraph.insertAdjacentElement("afterend", box);
  }

  function openPassage(link) {
    var anchor = link.getAttribute("data-passage") || "";
    var open = document.getElementById("cite-" + anchor);
    if (open) {                                   // a second click closes it
      open.remove();
      link.setAttribute("aria-expanded", "false");
      return;
    }
    var url = dataUrl();
    var paragraph = paragraphOf(link, anchor);
    if (!url || !paragraph || !/^p\d+$/.test(anchor)) {
      window.location.hash = "cite";              // what the link does without the script
      return;
    }
    loadPassages(url).then(function (data) {
      var citations = data && Object.prototype.hasOwnProperty.call(data, anchor) ? data[anchor] : null;
      if (!citations) throw new Error("no citations for " + anchor);
      if (document.getElementById("cite-" + anchor)) return;   // opened meanwhile
      var box = passageBox(anchor, citations);
      if (!box) throw new Error("no passage box on this page");
      placeBox(paragraph, box);
      refresh(box);
      link.setAttribute("aria-expanded", "true");
      link.setAttribute("aria-controls", box.id);
    }).catch(function () {
      window.location.hash = "cite";
    });
  }

  /* --- wiring ------------------------------------------------------------------------------- */

  function onClick(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest("button.cite-copy");
    if (button) { copy(button); return; }
    var close = target.closest("button.cite-close");
    if (close) {
      var box = close.closest(".passage-cite");
      if (box) {
        var link = document.querySelector('.para-cite[data-passage="' + box.id.replace(/^cite-/, "") + '"]');
        box.remove();
        if (link) { link.setAttribute("aria-expanded", "false"); link.focus(); }
      }
      return;
    }
    var cite = target.closest("a.para-cite[data-passage]");
    if (cite && !event.defaultPrevented && event.button === 0 &&
        !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)) {
      event.preventDefault();
      openPassage(cite);
    }
  }

  function init() {
    try { refresh(document); } catch (e) { /* never break the page */ }
  }

  document.addEventListener("click", onClick);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);             // Material's instant navigation, if turned on
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
