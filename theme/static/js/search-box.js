// The header's search box: without JavaScript its form leads to the chapter
// directory; with it, to the full-text search at /search/ (docs/search.md).
(function () {
  "use strict";
  var form = document.querySelector("form.site-search[data-search-action]");
  if (form) form.action = form.dataset.searchAction;
})();
