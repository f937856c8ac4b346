// Opens despin's HTML report in Debian's Chromium (headless) and prints, as one JSON object on
// stdout, what the rendered page shows: highlighted spans, histogram bars, console errors,
// requests that left the page, and what hovering, focusing, the toggle, sorting and a source's
// link do. crates/despin-cli/tests/report.rs runs it and checks the figures against `despin scan`.
//
//   node tests/browser/check.mjs REPORT.html [--screenshot OUT.png [--screenshot-source SOURCE]]
//
// Chromium: $DESPIN_CHROMIUM, else /usr/bin/chromium. Playwright's own browsers are not used.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const report = resolve(args[0]);
const shotAt = args.indexOf("--screenshot");
const screenshot = shotAt >= 0 ? resolve(args[shotAt + 1]) : null;
const url = pathToFileURL(report).href;

const profile = mkdtempSync(join(tmpdir(), "despin-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.DESPIN_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1200, height: 900 },
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ],
});
const facts = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error") facts.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => facts.pageErrors.push(String(e)));
  page.on("request", (r) => { if (r.url() !== url) facts.requests.push(r.url()); });
  page.on("dialog", async (d) => { facts.dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(url, { waitUntil: "load" });

  Object.assign(facts, await page.evaluate(() => {
    const marks = [...document.querySelectorAll("article.doc mark.hit")];
    const svg = document.querySelector("#overview svg.histogram");
    const bars = [...svg.querySelectorAll("rect.bar")];
    return {
      marks: marks.length,
      listed: marks.filter((m) => m.classList.contains("listed")).length,
      inferred: marks.filter((m) => m.classList.contains("inferred")).length,
      // Listed and inferred marks must differ in more than colour: the underline's style.
      underlines: [...new Set(marks.map((m) => getComputedStyle(m).borderBottomStyle + " " + m.className))],
      bins: Number(svg.getAttribute("data-bins")),
      bars: bars.length,
      barTotal: bars.reduce((n, b) => n + Number(b.getAttribute("data-count")), 0),
      documents: Number(document.getElementById("stat-documents").textContent.replace(/,/g, "")),
      articles: document.querySelectorAll("article.doc").length,
      scripts: document.scripts.length,
      pwned: window.__pwned === undefined ? null : String(window.__pwned),
      docs: [...document.querySelectorAll("article.doc")].map((a) => ({
        id: a.querySelector("h4").textContent,
        source: a.getAttribute("data-source"),
        text: a.querySelector(".text.spun").textContent,
        restored: a.querySelector(".text.restored").textContent,
        marks: a.querySelectorAll("mark.hit").length,
      })),
      // Where each paragraph that names a source puts its closing bracket: a right-to-left
      // mark in the name must not reorder what follows it.
      bidi: [...document.querySelectorAll("article.doc p.source")].map((p) => {
        const node = [...p.childNodes].reverse().find((n) => n.nodeType === 3 && n.textContent.includes("("));
        if (!node) return null;
        const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
        const t = node.textContent;
        return { open: at(t.indexOf("(")), close: at(t.lastIndexOf(")")) };
      }).filter(Boolean),
    };
  }));

  if (screenshot) {
    // The picture: the page as it opens, with the documents of one source (--screenshot-source)
    // and a phrase hovered, so that it shows a tooltip.
    const only = args.indexOf("--screenshot-source");
    if (only >= 0) {
      await page.evaluate((source) => {
        const a = [...document.querySelectorAll("a.src-link")].find((l) => l.getAttribute("data-source") === source);
        if (a) a.click();
      }, args[only + 1]);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const visible = page.locator("article.doc:not([hidden]) mark.hit");
    if ((await visible.count()) > 0) {
      await visible.nth(Math.min(2, (await visible.count()) - 1)).hover();
    }
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.min(height, 2600) } });
    await page.mouse.move(0, 0);
    if (await page.locator("#show-all").isVisible()) await page.locator("#show-all").click();
    await page.evaluate(() => window.scrollTo(0, 0));
  }

  // Hover: the tooltip shows the first mark's original.
  const tip = page.locator("#tip");
  const marks = page.locator("article.doc mark.hit");
  if (facts.marks > 0) {
    const first = marks.first();
    await first.scrollIntoViewIfNeeded();
    await first.hover();
    facts.hover = {
      expected: await first.getAttribute("data-o"),
      visible: await tip.isVisible(),
      tip: await tip.textContent(),
    };
    await page.mouse.move(0, 0);
    facts.hover.hiddenAfter = await tip.isHidden();
    // Keyboard: Tab until a mark has the focus; the tooltip shows its original.
    let focused = null;
    for (let i = 0; i < 400 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.matches("mark.hit") ? a.getAttribute("data-o") : null;
      });
    }
    facts.focus = {
      expected: focused,
      visible: await tip.isVisible(),
      tip: await tip.textContent(),
      describedBy: await page.evaluate(() => document.activeElement.getAttribute("aria-describedby")),
    };
    // The toggle: Enter on the first document's button shows the restored text.
    const button = page.locator("article.doc button.toggle").first();
    await button.focus();
    await page.keyboard.press("Enter");
    facts.toggle = await page.evaluate(() => {
      const a = document.querySelector("article.doc");
      const ins = [...a.querySelectorAll(".text.restored ins")].map((e) => e.textContent);
      const originals = [...a.querySelectorAll(".text.spun mark.hit")].map((e) => e.getAttribute("data-o"));
      return {
        pressed: a.querySelector("button.toggle").getAttribute("aria-pressed"),
        restoredShown: !a.querySelector(".text.restored").hidden && a.querySelector(".text.restored").offsetHeight > 0,
        spunHidden: a.querySelector(".text.spun").offsetHeight === 0,
        originalsRestored: JSON.stringify(ins) === JSON.stringify(originals),
      };
    });
    await page.keyboard.press("Enter");
  }

  // Sorting: the Documents column, ascending then descending.
  const sortButton = page.locator("#sources-table thead th:nth-child(2) button");
  const column = () => page.evaluate(() => [...document.querySelectorAll("#sources-table tbody tr")].map((r) => Number(r.cells[1].getAttribute("data-v"))));
  await sortButton.click();
  const asc = await column();
  await sortButton.click();
  const desc = await column();
  facts.sort = {
    ascending: asc.every((v, i) => i === 0 || asc[i - 1] <= v),
    descending: desc.every((v, i) => i === 0 || desc[i - 1] >= v),
    rows: asc.length,
  };

  // A source's link: only its documents stay visible, as many as the link says.
  const link = page.locator("a.src-link").first();
  if ((await link.count()) > 0) {
    const source = await link.getAttribute("data-source");
    const says = Number((await link.textContent()).replace(/[^0-9]/g, ""));
    await link.click();
    facts.sourceLink = await page.evaluate((source) => {
      const visible = [...document.querySelectorAll("article.doc")].filter((a) => !a.hidden && a.offsetHeight > 0);
      return { visible: visible.length, allOfSource: visible.every((a) => a.getAttribute("data-source") === source) };
    }, source);
    facts.sourceLink.says = says;
    await page.locator("#show-all").click();
  }

  // Print: originals follow each phrase, and the buttons are gone.
  await page.emulateMedia({ media: "print" });
  facts.print = await page.evaluate(() => {
    const m = document.querySelector("article.doc mark.hit");
    return {
      after: m ? getComputedStyle(m, "::after").content : null,
      toggleHidden: getComputedStyle(document.querySelector("button.toggle") || document.body).display === "none",
    };
  });
  await page.emulateMedia({ media: "screen" });

} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(facts) + "\n");
