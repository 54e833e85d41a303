// Behaviour that would otherwise need inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-submit-on-change]").forEach(function (element) {
    element.addEventListener("change", function () {
      element.form.submit();
    });
  });
});

// Shared work-floor devices: before the server's idle time-out, warn; at it, sign out so the
// screen stops showing anyone's data. "Stay signed in" makes a request, which renews the session.
document.addEventListener("DOMContentLoaded", function () {
  var seconds = parseInt(document.body.dataset.idleSeconds || "", 10);
  var warning = document.getElementById("idle-warning");
  var logoutForm = document.querySelector("form[data-logout-form]");
  if (!seconds || !warning || !logoutForm) {
    return;
  }
  var warnTimer = null;
  var signOutTimer = null;
  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(signOutTimer);
    warning.hidden = true;
    warnTimer = setTimeout(function () {
      warning.hidden = false;
      warning.querySelector("[data-idle-continue]").focus();
    }, Math.max(seconds - 60, 0) * 1000);
    // A few seconds early, so the server has not yet ended the session on its own.
    signOutTimer = setTimeout(function () {
      logoutForm.submit();
    }, Math.max(seconds - 5, 1) * 1000);
  }
  warning.querySelector("[data-idle-continue]").addEventListener("click", function () {
    fetch(window.location.href, { method: "HEAD", credentials: "same-origin" }).then(schedule);
  });
  schedule();
});
