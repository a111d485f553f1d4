// Sign-in that completes before the page can be left.
//
// A plain form POST is a navigation: if anything navigates the tab while the password is being
// checked (a bookmark clicked, a script or test driver moving on), the browser drops the
// response, and with it the session cookie, although the server has signed the user in. Sending
// the form with a synchronous request keeps the page until the answer, with its cookie, is in;
// then the browser goes where the server said. Without JavaScript the form posts as usual.
"use strict";
(function () {
  const form = document.querySelector("form[data-sign-in]");
  if (!form || !window.XMLHttpRequest || !window.URLSearchParams) {
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action, false);
    request.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    try {
      request.send(new URLSearchParams(new FormData(form)).toString());
    } catch (error) {
      form.removeAttribute("data-sign-in");
      form.submit();
      return;
    }
    const landed = request.responseURL ? new URL(request.responseURL) : null;
    if (landed && landed.pathname !== new URL(form.action, document.baseURI).pathname) {
      window.location.assign(landed.href);
      return;
    }
    // Still on the sign-in page: show its answer (wrong password, locked account, ...).
    document.open();
    document.write(request.responseText);
    document.close();
  });
})();
