// The search page: asks Pagefind's index of this language (pagefind/, made by the build)
// for the words in ?q= or in the form, and lists the pages found as links, each with an
// excerpt in which Pagefind marks the words found. The live region (#search-status) says
// how many pages were found; its messages, in the page's language, are its data-* values.
"use strict";
(() => {
  const form = document.getElementById("search-form");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  if (!form || !status || !results) return;
  const input = form.elements.namedItem("q");
  const messages = status.dataset;
  const root = document.documentElement.dataset.content_root || "./";
  let pagefind = null;
  let latest = 0;

  const fill = (message, values) =>
    message.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));

  function load() {
    if (!pagefind) {
      const address = new URL(`${root}pagefind/pagefind.js`, document.baseURI).href;
      pagefind = import(address).then(async (module) => {
        await module.options({ excerptLength: 24 });
        await module.init();
        return module;
      });
      pagefind.catch(() => {
        pagefind = null; // tried again with the next search
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is text with <mark> around each word found: it is read as inert
  // HTML, and only its text and its marks are kept.
  function excerpt(html) {
    const paragraph = document.createElement("p");
    paragraph.className = "result-excerpt";
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    for (const node of parsed.body.firstChild.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  }

  function result(page) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.className = "result-title";
    link.href = page.url;
    link.textContent = (page.meta && page.meta.title) || page.url;
    item.append(link, excerpt(page.excerpt || ""));
    return item;
  }

  let saying = 0;
  function say(message) {
    // Emptied first, so that the same words said twice are announced twice.
    status.textContent = "";
    window.clearTimeout(saying);
    saying = window.setTimeout(() => {
      status.textContent = message;
    }, 50);
  }

  async function run(query) {
    const mine = ++latest;
    results.replaceChildren();
    if (!query) {
      say(messages.empty);
      return;
    }
    let pages;
    try {
      const engine = await load();
      const found = await engine.search(query);
      // Every page found (a language has a dozen or so): each one's excerpt is a small file.
      pages = await Promise.all(found.results.map((each) => each.data()));
    } catch {
      if (mine === latest) say(messages.unavailable);
      return;
    }
    if (mine !== latest) return; // a newer search has started
    results.replaceChildren(...pages.map(result));
    say(
      pages.length
        ? fill(messages.found, { query, count: String(pages.length) })
        : fill(messages.none, { query }),
    );
  }

  const asked = () => (new URLSearchParams(window.location.search).get("q") || "").trim();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    const address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.pushState(null, "", address);
    run(query);
  });
  window.addEventListener("popstate", () => {
    input.value = asked();
    run(input.value);
  });
  input.value = asked();
  if (input.value) run(input.value);
})();
