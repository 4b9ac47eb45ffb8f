/* Run form: show only the schedule fields the chosen schedule type uses, and name the submit button
   after it. Without JavaScript every field shows and the server decides which it reads. */
(function () {
  "use strict";
  var select = document.getElementById("id__schedule_interval");
  var button = document.getElementById("job-submit");
  if (!select) {
    return;
  }

  function update() {
    var chosen = select.value || "immediately";
    document.querySelectorAll("[data-schedule-for]").forEach(function (wrapper) {
      wrapper.hidden = wrapper.getAttribute("data-schedule-for").split(" ").indexOf(chosen) === -1;
    });
    var preview = document.getElementById("schedule-preview");
    if (preview) {
      preview.hidden = chosen === "immediately";
    }
    if (button) {
      button.textContent = button.getAttribute(chosen === "immediately" ? "data-label-now" : "data-label-schedule");
    }
  }

  select.addEventListener("change", update);
  update();
})();
