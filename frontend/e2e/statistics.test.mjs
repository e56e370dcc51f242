// The statistics page of the console: a coordinator sees SVG charts and their tables, suppressed
// cells read as "fewer than 5" (never 0), under the strict CSP, free of axe findings, by keyboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getJson, signIn } from './support/api.mjs';
import { axeViolations, guardedPage, launch, VIEWPORTS } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';
import { DEMO } from './support/server.mjs';
import { signInThroughForm } from './support/staff.mjs';

let server;
let base;
let browser;
before(async () => {
  server = await testServer();
  base = server.baseUrl;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const coordinator = () => ({ email: DEMO.coordinator, password: server.demo[DEMO.coordinator].password });
const clean = { foreignRequests: [], cspViolations: [], errors: [] };

const PAGES = {
  de: {
    path: '/konsole/statistik',
    signIn: '/anmelden',
    title: 'Statistik',
    charts: ['Meldungen pro Monat', 'Meldungen nach Stand', 'Meldungen nach Programm', 'Meldungen nach Dringlichkeit'],
    table: (chart) => `Tabelle: ${chart}`,
    fewer: 'weniger als 5',
  },
  en: {
    path: '/en/console/statistics',
    signIn: '/en/sign-in',
    title: 'Statistics',
    charts: ['Referrals per month', 'Referrals by status', 'Referrals by programme', 'Referrals by urgency'],
    table: (chart) => `Table: ${chart}`,
    fewer: 'fewer than 5',
  },
};

/** The figures the page should show, as the API gives them to the same coordinator. */
async function expectedStatistics() {
  return getJson(base, '/api/v1/stats/referrals', await signIn(base, coordinator()));
}

/** Cells of the table of `chart` (the disclosure must be open), row by row. */
async function tableRows(page, chart) {
  return page
    .getByRole('table', { name: chart })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent)));
}

for (const lang of ['de', 'en']) {
  const t = PAGES[lang];
  test(`statistics (${lang}): charts as SVG with tables; suppressed cells read as suppressed; axe and CSP clean`, async () => {
    const stats = await expectedStatistics();
    const { context, page, problems } = await guardedPage(browser, base);
    try {
      await page.goto(base + t.path);
      await page.waitForURL((url) => url.pathname === t.signIn);
      await signInThroughForm(page, coordinator(), lang);
      await page.waitForURL(base + t.path);
      await page.getByRole('heading', { level: 1, name: t.title }).waitFor();

      for (const chart of t.charts) {
        const svg = page.getByRole('img', { name: chart, exact: true });
        await svg.waitFor();
        assert.equal(await svg.evaluate((el) => el.tagName.toLowerCase()), 'svg');
        assert.equal(await svg.locator('title').textContent(), chart);
        assert.ok(await svg.getAttribute('aria-describedby'), `${chart} is described`);
      }

      // The status chart: every suppressed cell of the API is drawn as "< 5", and none as a count.
      const suppressedStatuses = stats.by_status.filter((cell) => cell.suppressed).length;
      assert.ok(suppressedStatuses > 0, 'the demo data has a suppressed status cell');
      const statusChart = page.getByRole('img', { name: t.charts[1], exact: true });
      assert.deepEqual(
        await statusChart.locator('[data-suppressed="true"] .chart__value').allTextContents(),
        Array(suppressedStatuses).fill('< 5'),
      );

      // Every chart's table opens by keyboard: focus its summary and press Enter.
      for (const chart of t.charts) {
        const summary = page.getByText(t.table(chart), { exact: true });
        await summary.focus();
        await page.keyboard.press('Enter');
        await page.getByRole('table', { name: chart }).waitFor();
      }
      const statusRows = await tableRows(page, t.charts[1]);
      assert.equal(statusRows.length, stats.by_status.length);
      assert.equal(statusRows.filter(([, count]) => count === t.fewer).length, suppressedStatuses);
      assert.ok(statusRows.every(([, count]) => count !== '0'), `no status reads as zero: ${JSON.stringify(statusRows)}`);

      const monthRows = await tableRows(page, t.charts[0]);
      const months = stats.by_month.map((cell) => (cell.suppressed ? t.fewer : String(cell.count)));
      assert.deepEqual(
        monthRows.map(([, count]) => count),
        months,
        'the months of the API, in calendar order, with their counts',
      );

      assert.deepEqual(await axeViolations(page), []);
      await page.screenshot({ path: screenshotPath(`console-statistics-${lang}`), fullPage: true });

      // On a phone the charts take the width they have (their text is not shrunk to fit).
      await page.setViewportSize(VIEWPORTS.phone);
      await page.waitForFunction(
        (max) => [...document.querySelectorAll('svg.chart')].every((svg) => Number(svg.getAttribute('width')) <= max),
        VIEWPORTS.phone.width,
      );
      assert.deepEqual(await axeViolations(page), [], 'axe at phone width');
      await page.screenshot({ path: screenshotPath(`console-statistics-${lang}-phone`), fullPage: true });
      assert.deepEqual(problems, clean);
    } finally {
      await context.close();
    }
  });
}

test('a partner is not offered the statistics and is told so politely', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/konsole/statistik`);
    await page.waitForURL((url) => url.pathname === '/anmelden');
    await signInThroughForm(page, { email: DEMO.partner, password: server.demo[DEMO.partner].password });
    await page.getByRole('heading', { level: 1, name: 'Diese Seite ist für Ihr Konto nicht vorgesehen' }).waitFor();
    assert.equal(await page.locator('svg.chart').count(), 0);
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('the period filter asks the API for that period and says when nothing was received in it', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/konsole/statistik`);
    await page.waitForURL((url) => url.pathname === '/anmelden');
    await signInThroughForm(page, coordinator());
    await page.getByRole('img', { name: 'Meldungen pro Monat', exact: true }).waitFor();
    const asked = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/stats/referrals');
    await page.getByLabel('Eingegangen ab').fill('2099-01-01');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(`${base}/konsole/statistik?from=2099-01-01`);
    const startOfDay = await page.evaluate(() => new Date('2099-01-01T00:00:00').toISOString());
    assert.equal(new URL((await asked).url()).searchParams.get('created_after'), startOfDay, 'from the start of that day');
    await page.getByText('Noch keine Meldung in diesem Zeitraum.').waitFor();
    assert.equal(await page.locator('svg.chart').count(), 0);
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});
