// A form with data-confirm asks before it is sent: the text says what the step will do and that it
// cannot be undone. Served from our own static files (the content security policy allows no inline script).
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form instanceof HTMLFormElement ? form.getAttribute("data-confirm") : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
