// Before a page is printed, say on it the day it was printed, in the page's language.
// Without this script the page prints its address and review dates alone.
window.addEventListener("beforeprint", function () {
  var note = document.querySelector(".printed-on");
  if (!note) {
    return;
  }
  var day = new Date().toLocaleDateString(document.documentElement.lang, {
    year: "numeric",
    month: "long",
    day: "numeric",
  });
  note.textContent = note.getAttribute("data-template").replace("{date}", day);
  note.hidden = false;
});
