// Nguồn: small behaviours, no inline script (the CSP forbids it).
// Elements with data-confirm ask before submitting.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
