/* jobsplatform: the little behaviour the pages need, without inline scripts. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("change", function (event) {
    // <select data-autosubmit> submits its form when changed (e.g. the per-page chooser).
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });

  document.addEventListener("change", function (event) {
    // <input type="checkbox" data-select-all="<form id>"> ticks every row checkbox of that form.
    var target = event.target;
    if (!target.matches || !target.matches("input[data-select-all]")) {
      return;
    }
    var boxes = document.querySelectorAll('input[type="checkbox"][form="' + target.getAttribute("data-select-all") + '"]');
    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = target.checked;
    });
  });

  document.addEventListener("click", function (event) {
    // <button data-copy-target="#id"> copies the text of the element it names.
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (!button || !navigator.clipboard) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    if (!source) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var original = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () {
        button.textContent = original;
      }, 2000);
    });
  });
})();
