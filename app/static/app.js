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
})();
