"use strict";
(function () {
  var tip = document.getElementById("tip");
  var current = null;
  function show(mark) {
    current = mark;
    tip.textContent = "";
    var label = document.createElement("span");
    label.className = "l";
    label.textContent = (mark.classList.contains("inferred") ? "inferred" : "listed (" + mark.getAttribute("data-list") + ")") + ": likely original ";
    var o = document.createElement("span");
    o.className = "o";
    o.setAttribute("dir", "auto");
    o.textContent = mark.getAttribute("data-o");
    tip.appendChild(label);
    tip.appendChild(o);
    tip.hidden = false;
    var r = mark.getBoundingClientRect();
    var left = Math.max(4, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4));
    tip.style.left = left + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    mark.setAttribute("aria-describedby", "tip");
  }
  function hide(mark) {
    if (current === mark) {
      tip.hidden = true;
      current = null;
    }
    mark.removeAttribute("aria-describedby");
  }
  function markOf(e) {
    return e.target && e.target.closest ? e.target.closest("mark.hit") : null;
  }
  document.addEventListener("mouseover", function (e) { var m = markOf(e); if (m) show(m); });
  document.addEventListener("mouseout", function (e) { var m = markOf(e); if (m && document.activeElement !== m) hide(m); });
  document.addEventListener("focusin", function (e) { var m = markOf(e); if (m) show(m); });
  document.addEventListener("focusout", function (e) { var m = markOf(e); if (m) hide(m); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && current) { tip.hidden = true; } });

  // The toggle between the text as found and the restored text.
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.toggle") : null;
    if (!b) return;
    var doc = b.closest(".doc");
    var on = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = on ? "Show the text as found" : "Show restored text";
    doc.querySelector(".text.spun").hidden = on;
    doc.querySelector(".text.restored").hidden = !on;
  });

  // Sortable tables: a button in each header cell; numbers sort by data-v.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.hasAttribute("data-numeric");
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col], c;
          if (numeric) c = parseFloat(x.getAttribute("data-v")) - parseFloat(y.getAttribute("data-v"));
          else c = x.textContent.localeCompare(y.textContent);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // A source's link shows only its documents.
  var filter = document.getElementById("filter");
  var filterName = document.getElementById("filter-name");
  function only(source) {
    var n = 0;
    Array.prototype.forEach.call(document.querySelectorAll("article.doc"), function (a) {
      var keep = source === null || a.getAttribute("data-source") === source;
      a.hidden = !keep;
      if (keep) n++;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".group"), function (g) {
      g.hidden = source !== null && !g.querySelector("article.doc:not([hidden])");
    });
    filter.hidden = source === null;
    if (source !== null) filterName.textContent = source + " (" + n + " shown)";
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.src-link") : null;
    if (a) only(a.getAttribute("data-source"));
  });
  document.getElementById("show-all").addEventListener("click", function () { only(null); });

  // Printing shows every document, whatever the filter.
  window.addEventListener("beforeprint", function () { only(null); });
})();
