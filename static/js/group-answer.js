// Choosing a section fills in its text as it stands (with revisions not yet in a version), to edit; what the
// officer typed after choosing is never overwritten by a late answer.
(function () {
  var section = document.getElementById("id_section_key"), revised = document.getElementById("id_revised_text");
  if (!section || !revised) return;
  var typed = false;
  revised.addEventListener("input", function () { typed = true; });
  section.addEventListener("change", async function () {
    typed = false;
    var response = await fetch("?part=pending&section_key=" + encodeURIComponent(section.value), {headers: {"HX-Request": "true"}});
    var text = await response.text();
    if (!typed) revised.value = text;
  });
})();
