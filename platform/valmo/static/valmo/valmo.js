// Behaviour that would otherwise need inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-submit-on-change]").forEach(function (element) {
    element.addEventListener("change", function () {
      element.form.submit();
    });
  });
});
