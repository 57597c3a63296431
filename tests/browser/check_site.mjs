// Looks at the built site in Chromium as a reader would, and prints what it found as JSON
// for tests/test_browser.py to judge. Usage: node check_site.mjs PLAN.json
//
// The plan names the browser, the local address the site is served at, the site's
// published address (requests to it are answered from the local copy; any other address
// is refused and reported), the pages to open, and a word to search for in each language.
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE = require.resolve("axe-core/axe.min.js");

const plan = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const NARROW = { width: 320, height: 568 };
const WIDE = { width: 1280, height: 900 };
const found = {
  pages: [],
  pageList: {},
  search: {},
  noScript: {},
  axe: [],
  consoleErrors: [],
  outsideRequests: [],
};

async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: NARROW, ...options });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(plan.base)) return route.continue();
    if (plan.site && url.startsWith(plan.site)) {
      const local = plan.base + url.slice(plan.site.length);
      return route.fulfill({ response: await route.fetch({ url: local }) });
    }
    found.outsideRequests.push(url);
    return route.abort();
  });
  return context;
}

async function open(context, address) {
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") found.consoleErrors.push({ url: address, text: message.text() });
  });
  page.on("pageerror", (error) => found.consoleErrors.push({ url: address, text: String(error) }));
  await page.goto(plan.base + address, { waitUntil: "load" });
  return page;
}

async function layout(context, lang, name) {
  const page = await open(context, `${lang}/${name}`);
  const measured = await page.evaluate(() => {
    const heading = document.querySelector("main h1");
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewportHeight: window.innerHeight,
      headingTop: heading ? heading.getBoundingClientRect().top + window.scrollY : null,
    };
  });
  found.pages.push({ lang, page: name, width: NARROW.width, ...measured });
  if (plan.screenshots && name === "evidence.html") {
    await page.screenshot({ path: path.join(plan.screenshots, `${lang}-evidence-320.png`) });
  }
  await page.close();
}

async function pageList(browser, lang) {
  const context = await newContext(browser);
  const page = await open(context, `${lang}/safety.html`);
  const summary = page.locator("#page-list > summary");
  const state = () => page.evaluate(() => document.getElementById("page-list").open);
  const listShown = () => page.locator("#page-list .nav-home a").isVisible();
  const result = {
    label: (await summary.innerText()).trim(),
    navLabel: await page.locator("nav.site-nav").getAttribute("aria-label"),
    closedAtFirst: !(await state()) && !(await listShown()),
  };
  await summary.click();
  result.openedByClick = (await state()) && (await listShown());
  await summary.focus();
  await page.keyboard.press("Enter");
  result.closedByKeyboard = !(await state()) && !(await listShown());
  await page.keyboard.press("Space");
  result.openedByKeyboard = (await state()) && (await listShown());
  await page.setViewportSize(WIDE);
  result.openWhenWide = (await state()) && (await listShown());
  result.summaryHiddenWhenWide = !(await summary.isVisible());
  await context.close();
  found.pageList[lang] = result;
}

async function results(page) {
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "", null, { timeout: 10000 });
  return page.evaluate(() => {
    const items = [...document.querySelectorAll("#search-results > li")];
    return {
      status: document.getElementById("search-status").textContent.trim(),
      statusRole: document.getElementById("search-status").getAttribute("role"),
      count: items.length,
      links: items.map((item) => item.querySelector("a")?.getAttribute("href") ?? ""),
      titles: items.map((item) => item.querySelector("a")?.textContent.trim() ?? ""),
      excerpts: items.map((item) => item.querySelector(".result-excerpt")?.textContent.trim() ?? ""),
      marks: items.reduce((total, item) => total + item.querySelectorAll("mark").length, 0),
      marked: [...new Set([...document.querySelectorAll("#search-results mark")].map((mark) => mark.textContent.trim()))],
      url: window.location.href,
    };
  });
}

async function search(browser, lang, word) {
  const context = await newContext(browser);
  // From the header of a page, as a reader would: type the word and press Enter.
  const page = await open(context, `${lang}/index.html`);
  await page.locator("#site-search-q").fill(word);
  await page.locator("#site-search-q").press("Enter");
  await page.waitForURL(/search\.html\?q=/);
  const fromHeader = await results(page);
  if (plan.screenshots) {
    await page.screenshot({ path: path.join(plan.screenshots, `${lang}-search-320.png`) });
  }
  // Again on the search page, with the keyboard only.
  await page.locator("#search-q").fill("");
  await page.locator("#search-q").focus();
  await page.keyboard.type(word);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(100);
  const again = await results(page);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await context.close();
  found.search[lang] = { word, fromHeader, again, scrollWidth };
}

async function withoutScripts(browser, lang) {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await open(context, `${lang}/search.html?q=x`);
  found.noScript[lang] = await page.evaluate(() => {
    const box = document.querySelector(".search-without-scripts");
    const shown = (element) => !!element && getComputedStyle(element).display !== "none";
    return {
      message: box ? box.querySelector("p").textContent.trim() : "",
      links: box ? box.querySelectorAll("a[href]").length : 0,
      searchFormShown: shown(document.querySelector(".search-form")),
    };
  });
  const index = await open(context, `${lang}/index.html`);
  found.noScript[lang].headerSearchShown = await index.evaluate(
    () => getComputedStyle(document.querySelector(".site-search")).display !== "none",
  );
  await context.close();
}

// Opened from files, as someone who copied the site might: the search cannot load its
// index (browsers refuse), and the page says so. The browser's own complaint about that
// is expected here, so it is not counted.
async function fromFiles(browser) {
  const context = await browser.newContext({ viewport: NARROW });
  const page = await context.newPage();
  await page.goto(`${plan.files}en/search.html?q=trial`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.trim() !== "", null, { timeout: 10000 });
  found.fromFiles = await page.evaluate(() => {
    const status = document.getElementById("search-status");
    return { status: status.textContent.trim(), expected: status.dataset.unavailable };
  });
  await context.close();
}

async function axe(browser, lang, name) {
  const context = await newContext(browser, { viewport: WIDE });
  const page = await open(context, `${lang}/${name}`);
  if (name.startsWith("search.html?")) await results(page);
  await page.addScriptTag({ path: AXE });
  const report = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  found.axe.push({
    lang,
    page: name,
    violations: report.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(" ")),
    })),
  });
  await context.close();
}

const browser = await chromium.launch({ executablePath: plan.chromium, args: ["--disable-gpu"] });
try {
  const languages = Object.keys(plan.languages);
  if (plan.screenshots) mkdirSync(plan.screenshots, { recursive: true });
  const narrow = await newContext(browser);
  await Promise.all(
    languages.map(async (lang) => {
      for (const name of plan.pages) await layout(narrow, lang, name);
    }),
  );
  await narrow.close();
  await Promise.all(languages.map((lang) => pageList(browser, lang)));
  await Promise.all(languages.map((lang) => search(browser, lang, plan.languages[lang])));
  await Promise.all(languages.map((lang) => withoutScripts(browser, lang)));
  await fromFiles(browser);
  for (const lang of plan.axe.languages) {
    for (const name of plan.axe.pages) await axe(browser, lang, name.replace("{word}", encodeURIComponent(plan.languages[lang])));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found));
