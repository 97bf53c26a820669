// /search/: Pagefind's own interface over the index under /pagefind/, all
// served by this site. The query is read from and kept in ?q=, so a search
// from the header box, a bookmark or the back button shows its results.
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  element.textContent = "";
  var ui = new PagefindUI({
    element: "#search",
    // Result URLs are root-relative to the site; SITEURL may have a path.
    baseUrl: new URL(element.dataset.siteRoot, window.location.href).pathname,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
  });
  // Pagefind's box carries only a placeholder: name it for screen readers.
  var box = element.querySelector(".pagefind-ui__search-input");
  if (box) box.setAttribute("aria-label", element.dataset.boxLabel || "Search the site");

  // Pagefind's count of results ("12 results for meeting", "No results for
  // ...") is a plain paragraph: it is said through the page's status line,
  // once it has stood still for half a second (not at every key).
  var status = document.getElementById("search-status");
  var said = "";
  var pending = null;
  // Each result in its page's language (the hidden "lang" tag of the index,
  // plugins/search/records.py), so a screen reader reads it in that language.
  function markLanguages() {
    element.querySelectorAll('.pagefind-ui__result-tag[data-pagefind-ui-meta="lang"]').forEach(function (tag) {
      var result = tag.closest(".pagefind-ui__result");
      var lang = tag.textContent.replace(/^[^:]*:/, "").trim();
      if (!result || !lang) return;
      result.querySelectorAll(".pagefind-ui__result-title, .pagefind-ui__result-excerpt").forEach(function (part) {
        if (part.lang !== lang) part.lang = lang;
      });
    });
  }
  new MutationObserver(function () {
    markLanguages();
    var message = element.querySelector(".pagefind-ui__message");
    var text = message ? message.textContent.trim() : "";
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      if (status && text !== said) status.textContent = said = text;
    }, 500);
  }).observe(element, { childList: true, subtree: true, characterData: true });

  // "Load more results" goes away once every result is shown, and the new
  // ones come above it: the focus moves to the first new result, not to the
  // top of the page.
  // (Counted as the click comes down, before Pagefind's own handler adds them.)
  var watch = null;
  function stopWatching() {
    if (watch) watch.disconnect();
    watch = null;
  }
  // A new search meanwhile: its results are not the ones asked for.
  element.addEventListener("input", stopWatching);
  element.addEventListener("click", function (event) {
    if (!event.target.closest(".pagefind-ui__button")) return;
    stopWatching();
    var before = element.querySelectorAll(".pagefind-ui__result").length;
    watch = new MutationObserver(function () {
      var results = element.querySelectorAll(".pagefind-ui__result");
      var link = results.length > before && results[before].querySelector(".pagefind-ui__result-link");
      if (!link) return; // not there yet, or its title still loading
      stopWatching();
      link.focus();
    });
    watch.observe(element, { childList: true, subtree: true });
    window.setTimeout(stopWatching, 10000);
  }, true);
  // Pagefind's interface offers the filters it knows when its first search
  // ends and keeps that list, so a search that ends before every filter file
  // has arrived (a slow connection) hides the rest for good. Opened with a
  // query, the page loads the filter files first, into the same Pagefind
  // (one module per page) the interface then searches with; the query waits
  // for them, 8 seconds at most. (Typing is not stuck so: the interface
  // starts loading the filter files when the box gets focus, and each new
  // search shows those that have arrived.)
  var query = new URLSearchParams(window.location.search).get("q");
  // The header's box shows what was searched for, as on any search page.
  var header = document.querySelector(".site-header input[name=q]");
  if (header && query) header.value = query;
  if (query) {
    var script = document.querySelector('script[src*="pagefind-ui.js"]');
    var filters = script
      ? import(new URL("pagefind.js", script.src).href).then(function (pagefind) {
          return pagefind.filters();
        })
      : Promise.resolve();
    Promise.race([
      filters.catch(function () {}), // the interface reports a missing index itself
      new Promise(function (resolve) {
        window.setTimeout(resolve, 8000);
      }),
    ]).then(function () {
      // Not over a search the reader has started typing meanwhile.
      if (box && box.value && box.value !== query) return;
      ui.triggerSearch(query);
    });
  }
  element.addEventListener("input", function (event) {
    if (!event.target.matches("input[type=text], input[type=search]")) return;
    if (!event.target.classList.contains("pagefind-ui__search-input")) return;
    var params = new URLSearchParams(window.location.search);
    if (event.target.value) params.set("q", event.target.value);
    else params.delete("q");
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  });
})();
