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

/* A live log following the tail of a run keeps only its newest page of rows (<tbody data-keep="100">):
   the older lines are a page away, so a run of 100,000 lines never grows the page. */
(function () {
  "use strict";

  function headingFor(grouping) {
    var row = document.createElement("tr");
    row.className = "log-group-row";
    var cell = document.createElement("th");
    cell.setAttribute("scope", "rowgroup");
    cell.setAttribute("colspan", "4");
    cell.className = "font-monospace small";
    cell.textContent = grouping;
    row.appendChild(cell);
    return row;
  }

  function trim(body) {
    var keep = parseInt(body.getAttribute("data-keep"), 10);
    if (!keep) {
      return;
    }
    var lines = body.querySelectorAll("tr.log-line");
    var excess = lines.length - keep;
    if (excess <= 0) {
      return;
    }
    var first = lines[excess];
    while (body.firstElementChild && body.firstElementChild !== first) {
      body.removeChild(body.firstElementChild);
    }
    // The kept rows still say which method wrote them.
    body.insertBefore(headingFor(first.getAttribute("data-grouping") || ""), first);
  }

  function watch() {
    var body = document.getElementById("log-rows");
    if (!body || !body.hasAttribute("data-keep") || !window.MutationObserver) {
      return;
    }
    var observer = new MutationObserver(function () {
      trim(body);
    });
    observer.observe(body, { childList: true });
    trim(body);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
