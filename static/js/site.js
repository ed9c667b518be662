// Behaviour the templates ask for with data attributes, so pages need no inline
// script or event handler (the Content-Security-Policy allows scripts from this
// site only): data-confirm on a form or submit button asks before sending;
// data-autosubmit on a select sends its form when the choice changes.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message =
      (button && button.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
})();
