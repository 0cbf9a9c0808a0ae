import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser } from 'playwright-core';
import { renderHtml } from '../../../simulator/report/html';
import { completeResults } from '../../../simulator/report/recommend';
import { fixture } from './fixtures';

/**
 * report.html in real headless Chromium: Debian's `chromium` driven by playwright-core. Where no
 * Chromium is installed the suite is skipped with the reason printed (`apt-get install chromium`),
 * never passed silently. Screenshots go to test-artifacts/ (gitignored).
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((x): x is string => Boolean(x));
const executablePath = CANDIDATES.find((p) => fs.existsSync(p));
const ARTIFACTS = path.join(__dirname, '..', '..', '..', 'test-artifacts');
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!executablePath) {
  console.warn(`SKIPPED report.html Chromium test: no Chromium at ${CANDIDATES.join(', ')}. Install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH.`);
}
const describeChromium = executablePath ? describe : describe.skip;

describeChromium('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-html-'));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: 'baseline-complete' | 'baseline-no-model' | 'baseline-incomplete') {
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, renderHtml(completeResults(fixture(name))));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  it('renders the complete run without errors, with its charts and crossover markers, and saves a screenshot', async () => {
    const { page, problems, requests } = await open('baseline-complete');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('svg.chart').count()).toBe(5);
    expect(await page.locator('#runtime-chart .crossover-marker').count()).toBe(2);
    expect(await page.locator('#cost-chart .crossover-marker').count()).toBe(2);
    expect(await page.locator('#runtime-chart circle.measured').count()).toBe(8);
    expect(await page.locator('details.data table').count()).toBe(5);
    // Laid out, not just present: the runtime chart has a real size on the page.
    const box = (await page.locator('#runtime-chart').boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    expect(box.height).toBeGreaterThan(250);
    // Marker labels stay inside the chart.
    for (const label of await page.locator('#runtime-chart .marker-label').all()) {
      const b = (await label.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(fs.statSync(path.join(ARTIFACTS, 'report.png')).size).toBeGreaterThan(50_000);
    await page.close();
  }, 30_000);

  it('renders the run without a model and the incomplete run without errors', async () => {
    for (const name of ['baseline-no-model', 'baseline-incomplete'] as const) {
      const { page, problems, requests } = await open(name);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.locator('#projection-placeholder').isVisible()).toBe(true);
      expect(await page.locator('.crossover-marker').count()).toBe(0);
      if (name === 'baseline-incomplete') expect(await page.locator('.banner').innerText()).toMatch(/^INCOMPLETE RUN: not a result\./);
      await page.screenshot({ path: path.join(ARTIFACTS, `report-${name}.png`), fullPage: true });
      await page.close();
    }
  }, 30_000);
});
