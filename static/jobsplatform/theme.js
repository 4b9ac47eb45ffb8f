/* jobsplatform: light or dark colours, before the page paints (loaded in <head>, not deferred).
   The choice is "auto" (follow the system's prefers-color-scheme), "light" or "dark", kept in
   localStorage under "jobsplatform-theme"; the navbar's toggle button cycles through them. */
(function () {
  "use strict";
  var KEY = "jobsplatform-theme";
  var ORDER = ["auto", "light", "dark"];
  var LABELS = { auto: "Theme: system", light: "Theme: light", dark: "Theme: dark" };
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return ORDER.indexOf(value) >= 0 ? value : "auto";
    } catch (error) {
      return "auto";
    }
  }

  function apply(choice) {
    var dark = choice === "dark" || (choice === "auto" && media && media.matches);
    document.documentElement.setAttribute("data-bs-theme", dark ? "dark" : "light");
    document.documentElement.setAttribute("data-theme-choice", choice);
    var button = document.getElementById("theme-toggle");
    if (button) {
      button.setAttribute("aria-label", LABELS[choice] + " (click to change)");
      button.setAttribute("title", LABELS[choice]);
      button.querySelector("[data-theme-icon]").textContent = choice === "auto" ? "◐" : dark ? "☾" : "☀";
    }
  }

  apply(stored());
  if (media && media.addEventListener) {
    media.addEventListener("change", function () {
      apply(stored());
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#theme-toggle") : null;
    if (!button) {
      return;
    }
    var next = ORDER[(ORDER.indexOf(stored()) + 1) % ORDER.length];
    try {
      window.localStorage.setItem(KEY, next);
    } catch (error) {
      /* private mode: the choice lasts for this page only */
    }
    apply(next);
  });
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
  });
})();
