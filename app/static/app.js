// Progressive enhancement only: every form also works without this file.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  // Send the CSRF token on every htmx request (works the same on htmx 2 and 4).
  document.addEventListener("htmx:configRequest", function (event) {
    if (token) { event.detail.headers["X-CSRF-Token"] = token.content; }
  });
  // A server or network failure: say so instead of failing silently.
  function showProblem() {
    var box = document.getElementById("live-problem");
    if (box) { box.hidden = false; }
  }
  document.addEventListener("htmx:responseError", showProblem);
  document.addEventListener("htmx:sendError", showProblem);
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      var box = document.getElementById("live-problem");
      if (box) { box.hidden = true; }
    }
  });
  // A save swaps its whole item. If the user is already typing in another
  // field of that item, htmx keeps the focus but not the text: put the
  // unsaved text back so nothing typed is lost, and save it on leaving.
  var typing = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    typing = null;
    if (active && active.id && "value" in active && active.type !== "radio" &&
        event.detail.target.contains(active)) {
      typing = { id: active.id, value: active.value };
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!typing) { return; }
    var field = document.getElementById(typing.id);
    var kept = typing;
    typing = null;
    if (!field || field.value === kept.value) { return; }
    field.value = kept.value;
    field.addEventListener("blur", function () {
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }, { once: true });
  });
})();
