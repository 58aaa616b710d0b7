#!/usr/bin/env node
// @ts-check
// Screenshots of a report for the README (docs/report-overview.png, docs/report-article.png),
// taken in headless Chromium (Debian's chromium, driven by the dev dependency playwright-core).
//
//   node bin/afghan-annotator.js annotate samples/ -o /tmp/ann
//   node bin/afghan-annotator.js report /tmp/ann -o /tmp/report
//   node scripts/report-screenshots.mjs /tmp/report [ARTICLE_PAGE] [OUT_DIR]
//
// ARTICLE_PAGE defaults to 00003.html, OUT_DIR to docs/. Set AA_CHROMIUM for another browser.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [report, article = '00003.html', outDir = 'docs'] = process.argv.slice(2);
if (!report) {
  console.error('usage: node scripts/report-screenshots.mjs REPORT_DIR [ARTICLE_PAGE] [OUT_DIR]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.AA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(path.resolve(report, 'index.html')).href);
  // Hover a province, as a reader would (the browser's own tooltip is not in screenshots).
  await page.hover('path.province[data-iso="AF-KAB"]');
  await page.screenshot({ path: path.join(outDir, 'report-overview.png') });
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.goto(pathToFileURL(path.resolve(report, 'articles', article)).href);
  await page.screenshot({ path: path.join(outDir, 'report-article.png') });
} finally {
  await browser.close();
}
