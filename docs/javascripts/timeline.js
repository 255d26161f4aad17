// The timeline's filter: show events by evidence label and by whether the texts state the date.
// Without JavaScript the form stays hidden and every event is shown.
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector("form.timeline-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
    function checked(name) {
      return Array.prototype.slice
        .call(form.querySelectorAll('input[name="' + name + '"]:checked'))
        .map(function (input) { return input.value; });
    }
    var groups = [];
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (input) {
      if (groups.indexOf(input.name) < 0) groups.push(input.name);
    });
    function apply() {
      var wanted = {}, shown = 0;
      groups.forEach(function (name) { wanted[name] = checked(name); });
      events.forEach(function (event) {
        var show = groups.every(function (name) {
          return wanted[name].indexOf(event.dataset[name]) >= 0;
        });
        event.hidden = !show;
        if (show) shown += 1;
      });
      form.elements.shown.value = shown + " of " + events.length + " events shown";
    }
    form.addEventListener("change", apply);
    apply();
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
