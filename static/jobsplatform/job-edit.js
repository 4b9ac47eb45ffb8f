/* jobsplatform: on the job edit page, changing an attribute ticks its "Override" box. */
(function () {
  "use strict";

  function tickOverride(event) {
    var target = event.target;
    if (!target || !target.id || target.hasAttribute("data-override-for")) {
      return;
    }
    var box = document.querySelector('input[data-override-for="' + CSS.escape(target.id) + '"]');
    if (box && !box.checked) {
      box.checked = true;
    }
  }

  document.addEventListener("input", tickOverride);
  document.addEventListener("change", tickOverride);
})();
