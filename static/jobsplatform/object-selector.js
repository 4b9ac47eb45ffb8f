/* jobsplatform: searchable object selectors of job run forms, fed by the inventory REST API.
 *
 * Each <select data-url> (rendered by ObjectVar/MultiObjectVar) stays a native, labelled select; this
 * adds a search box above it. Choices come from `data-url` with `q` (the search), `limit`, and the
 * variable's `data-query-params`, where a value "$name" stands for the current value of the form's
 * field `name`. Changing that field clears and reloads the dependent selector. Selected options are
 * always kept, so a search never loses a choice. Without JavaScript the server-rendered options work.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var SEARCH_DELAY = 250;

  function fieldValues(form, name) {
    var field = form.elements.namedItem(name);
    if (!field) {
      return [];
    }
    if (field.options) {
      return Array.prototype.filter
        .call(field.options, function (option) {
          return option.selected && option.value && option.value !== "null";
        })
        .map(function (option) {
          return option.value;
        });
    }
    if (field.type === "checkbox") {
      return [field.checked ? "true" : "false"];
    }
    return field.value ? [field.value] : [];
  }

  function queryParams(select) {
    var declared = {};
    try {
      declared = JSON.parse(select.getAttribute("data-query-params") || "{}");
    } catch (error) {
      declared = {};
    }
    var params = new URLSearchParams();
    Object.keys(declared).forEach(function (key) {
      var values = Array.isArray(declared[key]) ? declared[key] : [declared[key]];
      values.forEach(function (value) {
        if (typeof value === "string" && value.charAt(0) === "$") {
          // An empty referenced field narrows nothing, as in the reference UI.
          fieldValues(select.form, value.slice(1)).forEach(function (item) {
            params.append(key, item);
          });
        } else if (value !== null && value !== undefined) {
          params.append(key, String(value));
        }
      });
    });
    return params;
  }

  function dependencies(select) {
    var names = [];
    var declared = {};
    try {
      declared = JSON.parse(select.getAttribute("data-query-params") || "{}");
    } catch (error) {
      return names;
    }
    Object.keys(declared).forEach(function (key) {
      [].concat(declared[key]).forEach(function (value) {
        if (typeof value === "string" && value.charAt(0) === "$") {
          names.push(value.slice(1));
        }
      });
    });
    return names;
  }

  function makeOption(value, text, selected) {
    var option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    option.selected = selected;
    return option;
  }

  function render(select, items, count) {
    var displayField = select.getAttribute("data-display-field") || "display";
    var kept = Array.prototype.filter.call(select.options, function (option) {
      return option.value === "" || option.value === "null" || option.selected;
    });
    var keptValues = kept.map(function (option) {
      return option.value;
    });
    var fragment = document.createDocumentFragment();
    kept.forEach(function (option) {
      fragment.appendChild(option);
    });
    items.forEach(function (item) {
      var value = String(item.id);
      if (keptValues.indexOf(value) === -1) {
        var label = item[displayField] !== undefined && item[displayField] !== null ? item[displayField] : item.display;
        fragment.appendChild(makeOption(value, String(label), false));
      }
    });
    select.textContent = "";
    select.appendChild(fragment);
    var status = select._selector.status;
    status.textContent =
      count > items.length
        ? "Showing " + items.length + " of " + count + " matches; type to narrow them."
        : count + " match" + (count === 1 ? "" : "es") + ".";
    select.dispatchEvent(new CustomEvent("objectselector:loaded", { bubbles: true }));
  }

  function load(select) {
    var state = select._selector;
    var params = queryParams(select);
    params.set("limit", String(PAGE_SIZE));
    if (state.search.value.trim()) {
      params.set("q", state.search.value.trim());
    }
    var url = select.getAttribute("data-url") + "?" + params.toString();
    var token = (state.token += 1);
    select.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (token === state.token) {
          render(select, data.results || [], data.count || 0);
        }
      })
      .catch(function (error) {
        if (token === state.token) {
          state.status.textContent = "Could not load the choices (" + error.message + ").";
        }
      })
      .then(function () {
        if (token === state.token) {
          select.removeAttribute("aria-busy");
        }
      });
  }

  function clearSelection(select) {
    Array.prototype.forEach.call(select.options, function (option) {
      option.selected = option.value === "" && !select.multiple;
    });
  }

  function enhance(select) {
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1 object-selector-search";
    search.id = select.id + "_search";
    search.autocomplete = "off";
    search.placeholder = "Search…";
    search.setAttribute("aria-controls", select.id);
    var label = select.labels && select.labels.length ? select.labels[0].textContent.trim() : select.name;
    search.setAttribute("aria-label", "Search " + label);
    var status = document.createElement("div");
    status.className = "form-text object-selector-status";
    status.id = select.id + "_status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(search, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    var describedBy = select.getAttribute("aria-describedby");
    select.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + status.id);
    select._selector = { search: search, status: status, token: 0, timer: null };

    search.addEventListener("input", function () {
      clearTimeout(select._selector.timer);
      select._selector.timer = setTimeout(function () {
        load(select);
      }, SEARCH_DELAY);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // searching, not submitting
        clearTimeout(select._selector.timer);
        load(select);
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    load(select);
  }

  function init(form) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-url]"));
    selects.forEach(enhance);
    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (!name) {
        return;
      }
      selects.forEach(function (select) {
        if (select !== event.target && dependencies(select).indexOf(name) !== -1) {
          clearSelection(select);
          select._selector.search.value = "";
          load(select);
          // Selectors depending on this one follow too.
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("select[data-url]")) {
      init(form);
    }
  });
})();
