// The follow-up editor keeps track of sections with input not yet saved. Leaving the page then asks
// first, and "Lämna in" names the unsaved sections instead of handing in without them. A section is
// clean again when its save has been swapped in by htmx (the server answered with the saved section).
"use strict";
(function () {
  var SECTION_FORMS = ".followup-section form[hx-post]";

  function dirtyForms() {
    return Array.prototype.filter.call(document.querySelectorAll(SECTION_FORMS), function (form) {
      return form.dataset.dirty === "true";
    });
  }

  function sectionName(form) {
    var section = form.closest(".followup-section");
    var heading = section ? section.querySelector("h2, h3") : null;
    return heading ? heading.textContent.trim() : "";
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.matches(SECTION_FORMS)) {
      form.dataset.dirty = "true";
    }
  });

  // A form sent the ordinary way (without htmx) leaves the page on purpose.
  var leaving = false;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-unsaved-message")) {
      if (form instanceof HTMLFormElement && !form.matches(SECTION_FORMS)) {
        leaving = true;
      }
      return;
    }
    var unsaved = dirtyForms().map(sectionName);
    var alert = document.getElementById("unsaved-alert");
    if (unsaved.length) {
      event.preventDefault();
      alert.textContent = form.getAttribute("data-unsaved-message") + " " + unsaved.join(", ") + ".";
      alert.hidden = false;
      alert.focus();
      return;
    }
    leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && dirtyForms().length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
