// Behaviour that used to sit in inline attributes, which the Content-Security-Policy forbids (no inline script):
// <form data-confirm="…"> asks before submitting; <select data-autosubmit> submits its form when changed.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("[data-autosubmit]") && event.target.form) event.target.form.submit();
});
