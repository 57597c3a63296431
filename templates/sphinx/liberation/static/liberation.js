// The list of all pages is open on a wide screen and closed behind its "All pages" control
// on a narrow one, so that the page's own heading and text come first on a phone. The
// width is the one liberation.css uses for the two columns.
"use strict";
(() => {
  const list = document.getElementById("page-list");
  if (!list) return;
  const wide = window.matchMedia("(min-width: 50em)");
  const follow = () => {
    list.open = wide.matches;
  };
  follow();
  wide.addEventListener("change", follow);
})();
