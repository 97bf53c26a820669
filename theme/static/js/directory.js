// Progressive enhancement for /chapters/: filter and sort the directory tables.
// Without JavaScript the grouped tables and their anchors work as they are.
(function () {
  "use strict";
  var controls = document.getElementById("directory-controls");
  if (!controls) return;
  controls.innerHTML =
    '<form class="filters" role="search" aria-label="Filter chapters">' +
    '<label>Name or country <input type="search" name="q"></label> ' +
    '<label>Level <select name="level"><option value="">any</option>' +
    '<option>national</option><option>regional</option><option>local</option></select></label> ' +
    '<label>Activity <select name="activity"><option value="">any</option>' +
    '<option>active</option><option>quiet</option><option>dormant</option><option>closed</option></select></label> ' +
    '<label><input type="checkbox" name="stale"> only out of date</label> ' +
    '<output name="count" aria-live="polite"></output></form>';
  controls.hidden = false;
  var form = controls.querySelector("form");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.directory tbody tr"));

  function apply() {
    var q = form.q.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!q || row.textContent.toLowerCase().indexOf(q) !== -1) &&
        (!form.level.value || row.dataset.level === form.level.value) &&
        (!form.activity.value || row.dataset.activity === form.activity.value) &&
        (!form.stale.checked || row.dataset.stale === "yes");
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("section.area-group").forEach(function (section) {
      section.hidden = !section.querySelector("tbody tr:not([hidden])");
    });
    form.count.value = shown + " of " + rows.length + " chapters shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });

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
    });
  });
  apply();
})();
