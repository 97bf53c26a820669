// The header's menu (base.html): on a narrow screen it is one line that scrolls
// sideways. Without JavaScript every link is still there and reachable; this
// only brings the current page's link into view on load, and a link reached
// with Tab fully into view (browsers leave a half-visible one where it is).
(function () {
  "use strict";
  var menu = document.querySelector(".site-header nav");
  if (!menu) return;
  function reveal(link) {
    if (menu.scrollWidth <= menu.clientWidth) return;
    var box = link.getBoundingClientRect();
    var view = menu.getBoundingClientRect();
    var fade = 40; // the edge shadows' width, so the link is not under one
    if (box.left < view.left + fade) menu.scrollLeft -= view.left + fade - box.left;
    else if (box.right > view.right - fade) menu.scrollLeft += box.right - (view.right - fade);
  }
  var current = menu.querySelector("a[aria-current]");
  if (current) reveal(current);
  menu.addEventListener("focusin", function (event) { reveal(event.target); });
})();
