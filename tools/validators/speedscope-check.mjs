// Opens a profile in speedscope's own app (the pinned npm release, run in Debian's headless Chromium)
// exactly as `speedscope FILE` does (#localProfilePath=...), switches to the Sandwich view and prints
// what speedscope shows as one JSON line: the importer it chose, any import failure, the profile
// names, and the Total/Self/Symbol rows of the sandwich table.
// Usage: node speedscope-check.mjs FILE
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const file = path.resolve(process.argv[2]);
const release = new URL('./node_modules/speedscope/dist/release/', import.meta.url).pathname;
const loader = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pf-ss-')), 'load.js');
fs.writeFileSync(loader, `speedscope.loadFileFromBase64(${JSON.stringify(path.basename(file))}, ${JSON.stringify(fs.readFileSync(file).toString('base64'))})`);

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--allow-file-access-from-files'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1400, height: 900});
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push('pageerror: ' + e.message));
  await page.goto(`file://${release}index.html#localProfilePath=${loader}&view=sandwich`);
  await page.waitForFunction(() => /Symbol Name|Something went wrong/.test(document.body.innerText), {timeout: 30000}).catch(() => {});
  const text = await page.evaluate(() => document.body.innerText);
  const tokens = text.split('\n').map((t) => t.trim()).filter((t) => t.length > 0);
  if (process.env.PF_DEBUG) console.error(JSON.stringify(tokens));
  const rows = [];
  for (let i = tokens.findIndex((t) => /Symbol Name$/.test(t)) + 1; i > 0 && i + 2 < tokens.length; i += 3) {
    if (!/^[\d.]+\S* \(/.test(tokens[i]) || !/^[\d.]+\S* \(/.test(tokens[i + 1])) break;
    rows.push({total: tokens[i], self: tokens[i + 1], name: tokens[i + 2]});
  }
  const importer = messages.map((m) => /^Importing as (.*)$/.exec(m)).find((m) => m)?.[1] ?? null;
  const failures = messages.filter((m) => /Failed to load|pageerror|Something went wrong/.test(m));
  if (/Something went wrong/.test(text)) failures.push('Something went wrong');
  console.log(JSON.stringify({importer, failures, rows}));
} finally {
  await browser.close();
  fs.rmSync(path.dirname(loader), {recursive: true, force: true});
}
