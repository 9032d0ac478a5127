// Lighthouse user flows over pages another program drives (tests/browser/lighthouse.py).
//
//   node audit.mjs --browser-url http://127.0.0.1:PORT [--out DIR]
//
// Connects puppeteer-core to a Chromium that is already running (the driver launched
// /usr/bin/chromium with --remote-debugging-port) and reads one step a line on stdin:
//
//   {"mode": "snapshot", "name": "...", "url": "...", "formFactor": "mobile"}
//     audit the page that shows `url` now, as it is (Lighthouse snapshot mode): the driver has
//     brought it there, e.g. an unlocked wallet whose key lives only in memory
//   {"mode": "navigation", "name": "...", "url": "...", "formFactor": "desktop"}
//     load `url` cold in a tab of its own (Lighthouse navigation mode, storage cleared first)
//
// and answers each with one line, {"ok": true} or {"error": "..."}, once the step is gathered.
// When stdin ends it audits every step (the accessibility and best-practices categories only),
// writes one HTML flow report per driven page into DIR (with --out) and prints one JSON line:
// {"lighthouse": version, "steps": [{name, mode, url, report, scores: {accessibility,
// best-practices} (0-100), checked: {category: how many scored audits applied},
// warnings: [...], failing: [{id, category, title, score, items}]}]}. Nothing is fetched from
// the internet: the pages are on 127.0.0.1 and Lighthouse's checks run inside the browser.

import { mkdir, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';
import { startFlow } from 'lighthouse';

const CATEGORIES = ['accessibility', 'best-practices'];
const SCREENS = {
  mobile: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false },
  desktop: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
};

const { values: options } = parseArgs({
  options: { 'browser-url': { type: 'string' }, out: { type: 'string' } },
});
if (!options['browser-url']) {
  console.error('usage: node audit.mjs --browser-url http://127.0.0.1:PORT [--out DIR]');
  process.exit(2);
}

const browser = await puppeteer.connect({ browserURL: options['browser-url'], defaultViewport: null });
const flows = new Map(); // puppeteer page -> {flow, name, steps: [{name, mode, url}]}
let coldPage = null; // the tab navigation steps load in, in a browser context of its own

function flags(step) {
  const formFactor = step.formFactor === 'desktop' ? 'desktop' : 'mobile';
  return {
    name: step.name,
    onlyCategories: CATEGORIES,
    formFactor,
    disableFullPageScreenshot: true, // only the HTML report shows it, and it costs seconds a step
    // a snapshot keeps the viewport the driver gave the page; a cold load emulates the device
    screenEmulation: step.mode === 'snapshot' ? { ...SCREENS[formFactor], disabled: true } : SCREENS[formFactor],
    disableStorageReset: false,
  };
}

/** The one page that shows `url`, waiting up to 5 s for the browser's news to reach us. */
async function pageShowing(url) {
  for (let waited = 0; ; waited += 100) {
    const pages = (await browser.pages()).filter((page) => page.url() === url);
    if (pages.length === 1) return pages[0];
    if (waited >= 5000) throw new Error(`${pages.length} pages show ${url}`);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
}

async function flowFor(page, name) {
  if (!flows.has(page)) {
    flows.set(page, { flow: await startFlow(page, { name }), name, steps: [] });
  }
  return flows.get(page);
}

async function run(step) {
  if (step.mode === 'snapshot') {
    const page = await pageShowing(step.url);
    const entry = await flowFor(page, step.flow || step.name);
    await entry.flow.snapshot(flags(step));
    entry.steps.push(step);
  } else if (step.mode === 'navigation') {
    if (!coldPage) coldPage = await (await browser.createBrowserContext()).newPage();
    const entry = await flowFor(coldPage, "Cold loads");
    await entry.flow.navigate(step.url, flags(step));
    entry.steps.push(step);
  } else {
    throw new Error(`unknown mode ${step.mode}`);
  }
}

/** How many of the category's scored audits applied to the page (passed or not). */
function checked(lhr, category) {
  return lhr.categories[category].auditRefs.filter((ref) => ref.weight > 0
    && lhr.audits[ref.id].scoreDisplayMode !== 'notApplicable' && lhr.audits[ref.id].score !== null).length;
}

function failing(lhr) {
  const audits = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight === 0 || audit.score === null || audit.score === 1) continue;
      const items = (audit.details?.items || []).map((item) => item.node?.selector || item.sourceLocation?.url || item.source?.url || item.url || item.description || JSON.stringify(item));
      audits.push({ id: audit.id, category, title: audit.title, score: audit.score, items });
    }
  }
  return audits;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  try {
    await run(JSON.parse(line));
    console.log(JSON.stringify({ ok: true }));
  } catch (error) {
    console.log(JSON.stringify({ error: String(error?.stack || error) }));
  }
}

if (options.out) await mkdir(options.out, { recursive: true });
const steps = [];
let version = null;
let index = 0;
for (const { flow, name, steps: driven } of flows.values()) {
  const result = await flow.createFlowResult();
  index += 1;
  const file = `${String(index).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.html`;
  if (options.out) await writeFile(`${options.out}/${file}`, await flow.generateReport());
  result.steps.forEach(({ lhr }, i) => {
    version = lhr.lighthouseVersion;
    steps.push({
      name: driven[i].name,
      mode: lhr.gatherMode,
      url: driven[i].url,
      report: options.out ? file : null,
      warnings: lhr.runWarnings,
      scores: Object.fromEntries(CATEGORIES.map((id) => [id, Math.round(lhr.categories[id].score * 100)])),
      checked: Object.fromEntries(CATEGORIES.map((id) => [id, checked(lhr, id)])),
      failing: failing(lhr),
    });
  });
}
console.log(JSON.stringify({ lighthouse: version, steps }));
await browser.disconnect();
