// The QR code carries the code after "#": browsers do not send it to the server, so it never lands in a log.
(function () {
  var field = document.getElementById("code");
  var code = decodeURIComponent(location.hash.slice(1));
  if (field && code) {
    field.value = code;
    history.replaceState(null, "", location.pathname);
  }
})();
