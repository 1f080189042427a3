// Drives Pyflame's SVG flame graph or HTML report in Debian's headless Chromium (puppeteer-core) like
// a person would, and prints what the page showed as one JSON line:
//   - page errors and console errors (must be none), the title and subtitle, every box's tooltip;
//   - hover over the first box named ZOOM -> the details line; click it -> its width and which boxes
//     are hidden; "Reset Zoom" -> how many boxes are hidden again;
//   - Ctrl-F -> which element has focus; typing SEARCH -> the "Matched" text and the matched boxes;
//   - HTML only: the function table rows, and their order after clicking the Self and Function headers.
// Usage: node browser-check.mjs FILE ZOOM SEARCH [SCREENSHOT.png]
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [file, zoomName, searchTerm, screenshot] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-extensions'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1240, height: 800});
  const errors = [];
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
  await page.goto('file://' + path.resolve(file), {waitUntil: 'load'});

  const text = (selector) => page.$eval(selector, (e) => e.textContent);
  const boxes = () => page.$$eval('#pf-frames > g.f', (gs) => gs.map((g) => ({
    name: g.getAttribute('data-n'), title: g.querySelector('title').textContent,
    width: Number(g.querySelector('rect').getAttribute('width')), y: Number(g.querySelector('rect').getAttribute('y')),
    hidden: g.classList.contains('hide'), match: g.classList.contains('match'),
  })));
  const result = {title: await text('#pf-title'), subtitle: await text('#pf-subtitle'), boxes: await boxes()};

  const target = await page.evaluateHandle((name) => [...document.querySelectorAll('#pf-frames > g.f')]
    .find((g) => g.getAttribute('data-n') === name), zoomName);
  await target.asElement().hover();
  result.hoverDetails = await text('#pf-details');
  await target.asElement().click();
  result.unzoomVisible = await page.$eval('#pf-unzoom', (e) => !e.classList.contains('hide'));
  result.zoomed = await boxes();
  await page.click('#pf-unzoom');
  result.hiddenAfterReset = (await boxes()).filter((b) => b.hidden).length;

  await page.mouse.click(5, 5);
  await page.keyboard.down('Control');
  await page.keyboard.press('f');
  await page.keyboard.up('Control');
  result.focusAfterCtrlF = await page.evaluate(() => document.activeElement?.id ?? null);
  await page.keyboard.type(searchTerm);
  result.matched = await text('#pf-matched');
  result.matchedBoxes = (await boxes()).filter((b) => b.match).map((b) => b.name);

  if (await page.$('#pf-table')) {
    const rows = () => page.$$eval('#pf-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    result.table = await rows();
    await page.click('#pf-table th:nth-child(3)');
    result.afterSelfClick = (await rows()).map((r) => r[0]);
    await page.click('#pf-table th:nth-child(1)');
    result.afterFunctionClick = (await rows()).map((r) => r[0]);
  }

  if (screenshot) await page.screenshot({path: screenshot, fullPage: true});
  result.errors = errors;
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
