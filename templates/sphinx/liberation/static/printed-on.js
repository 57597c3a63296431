// Before a page is printed, say on it the day it was printed, in the page's language.
// Without this script the page prints its address and review dates alone.
window.addEventListener("beforeprint", function () {
  var note = document.querySelector(".printed-on");
  if (!note) {
    return;
  }
  // The page's own date format: English pages write the day first, as the rest of the
  // page does, not in the United States' order.
  var locale = note.getAttribute("data-locale") || document.documentElement.lang;
  var day = new Date().toLocaleDateString(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
  });
  note.textContent = note.getAttribute("data-template").replace("{date}", day);
  note.hidden = false;
});
