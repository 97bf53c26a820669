// Progressive enhancement for /chapters/: filter, sort and order the directory
// by distance. Without JavaScript the grouped tables and their anchors work as
// they are, and the controls stay hidden (a noscript style in the page).
(function () {
  "use strict";
  var controls = document.getElementById("directory-controls");
  if (!controls) return;
  // The form is the page's own (directory.html, translated); this wires it up.
  var form = controls.querySelector("form");
  var language = document.documentElement.lang || "en";
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.directory tbody tr"));
  // The one status line: what sorting or the distance did (role=status, read out).
  var status = document.getElementById("distance-status");
  // An area's entry in the list of areas at the top of the page.
  function areaEntry(section) {
    var link = document.querySelector('nav.toc a[href="#' + section.id + '"]');
    return link ? link.parentNode : null;
  }

  // "osterreich" finds "Österreich", "zurich" finds "Zürich".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  rows.forEach(function (row) {
    row.dataset.text = fold(row.textContent + " " + (row.dataset.places || ""));
  });

  function matches(row, q) {
    return !q || row.dataset.text.indexOf(q) !== -1 ||
      (row.dataset.country || "").toLowerCase() === q;
  }

  function apply() {
    var q = fold(form.q.value.trim());
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, q) &&
        (!form.level.value || row.dataset.level === form.level.value) &&
        (!form.activity.value || row.dataset.activity === form.activity.value) &&
        (!form.lang || !form.lang.value || (row.dataset.languages || "").split(" ").indexOf(form.lang.value) !== -1) &&
        (!form.stale.checked || row.dataset.stale === "yes");
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("section.area-group").forEach(function (section) {
      section.hidden = !section.querySelector("tbody tr:not([hidden])");
      // and its entry in the list of areas, which would lead nowhere
      var entry = areaEntry(section);
      if (entry) entry.hidden = section.hidden;
    });
    form.count.value = form.count.dataset.format.replace("{shown}", shown.toLocaleString(language));
    // Nothing matches the words typed: offer them to the site's search.
    var none = document.getElementById("no-match");
    if (none) {
      none.hidden = !(shown === 0 && form.q.value.trim());
      var link = none.querySelector("a");
      if (link && !none.hidden) {
        var url = new URL(link.getAttribute("href"), window.location.href);
        url.searchParams.set("q", form.q.value.trim());
        link.href = url.pathname + url.search;
      }
    }
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  // The header's search box leads here without JavaScript: /chapters/?q=oslo.
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  if (query) form.q.value = query;
  // /chapters/?lang=nb: the chapters that declare Norwegian Bokmål (a tag no
  // chapter declares is ignored: the select keeps "any language").
  var lang = params.get("lang");
  if (lang && form.lang) form.lang.value = lang;
  if (form.lang && !form.lang.value) form.lang.value = "";

  document.querySelectorAll("table.directory thead th").forEach(function (th) {
    var index = th.cellIndex;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var table = th.closest("table");
      var body = table.tBodies[0];
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) {
        var cell = row.children[index];
        return (cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent).trim().toLowerCase();
      };
      Array.prototype.slice.call(body.rows)
        .sort(function (a, b) { return ascending ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a)); })
        .forEach(function (row) { body.appendChild(row); });
      // Said, not only shown: aria-sort changes silently in most screen readers.
      var said = status.dataset[ascending ? "sortedUp" : "sortedDown"];
      if (said) {
        // emptied first: the same words for another area's table are said again
        status.textContent = "";
        window.setTimeout(function () { status.textContent = said.replace("{column}", button.textContent); }, 50);
      }
    });
  });

  // Distance from the reader: asked of the browser only on a click, computed
  // here from each row's data-lat/data-lon, never sent anywhere.
  function kilometres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }
  function byDistance(latitude, longitude) {
    var far = Infinity;
    rows.forEach(function (row) {
      var old = row.querySelector(".distance");
      if (old) old.remove();
      if (row.dataset.lat === undefined) { row.distance = far; return; }
      row.distance = kilometres(latitude, longitude, Number(row.dataset.lat), Number(row.dataset.lon));
      var note = document.createElement("span");
      note.className = "distance";
      note.textContent = Math.round(row.distance).toLocaleString(language) + " km";
      row.cells[0].appendChild(note);
    });
    var order = function (a, b) { return a.distance - b.distance; };
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.area-group"));
    sections.forEach(function (section) {
      section.querySelectorAll("table.directory").forEach(function (table) {
        var body = table.tBodies[0];
        Array.prototype.slice.call(body.rows).sort(order).forEach(function (row) { body.appendChild(row); });
        table.querySelectorAll("thead th").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
      });
      var first = section.querySelector("tbody tr");
      section.distance = first ? first.distance : far;
    });
    // The area with the nearest chapter first; each area's chapters nearest first.
    var parent = sections.length ? sections[0].parentNode : null;
    var anchor = sections.length ? sections[sections.length - 1].nextSibling : null;
    sections.sort(order).forEach(function (section) { parent.insertBefore(section, anchor); });
    // and the list of areas at the top in the same order, as the page now reads
    sections.forEach(function (section) {
      var entry = areaEntry(section);
      if (entry) entry.parentNode.appendChild(entry);
    });
    status.textContent = status.dataset.nearest;
  }
  document.getElementById("sort-by-distance").addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = status.dataset.unable;
      return;
    }
    status.textContent = status.dataset.asking;
    navigator.geolocation.getCurrentPosition(
      function (position) { byDistance(position.coords.latitude, position.coords.longitude); },
      function () { status.textContent = status.dataset.refused; },
      { maximumAge: 600000, timeout: 20000 }
    );
  });
  apply();
})();
