// Keyboard-only use of the directory search and of the contact form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { guardedPage, launch } from './support/browser.mjs';
import { testServer } from './support/context.mjs';

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

/** Presses Tab until `isTarget(document.activeElement)` holds; returns the elements passed. */
async function tabTo(page, isTarget, limit = 40) {
  const passed = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { name: el?.getAttribute('name'), tag: el?.tagName, text: el?.textContent?.trim() };
    });
    passed.push(focused);
    if (await page.evaluate(isTarget)) return passed;
  }
  throw new Error(`Not reached with ${limit} presses of Tab; passed ${JSON.stringify(passed)}`);
}

test('search by keyboard: Tab to the field, type, results update, Tab and Enter open a result', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/organisationen`);
    await page.getByRole('link', { name: 'Aktion Neustart' }).waitFor();

    await tabTo(page, () => document.activeElement?.getAttribute('type') === 'search');
    await page.keyboard.type('justiz');
    await page.waitForURL(`${base}/organisationen?q=justiz`);
    await page.getByRole('status').filter({ hasText: '1 Organisation' }).waitFor();
    assert.equal(await page.locator('.results > li').count(), 1);

    await tabTo(page, () => document.activeElement?.closest('.results') !== null);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Niedersächsisches Justizministerium');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/organisationen/mj`);
    await page.getByRole('heading', { level: 1, name: 'Niedersächsisches Justizministerium' }).waitFor();
    assert.deepEqual(problems.foreignRequests, []);
  } finally {
    await context.close();
  }
});

test('paging keeps its state in the URL', async () => {
  const { context, page } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/organisationen`);
    await page.getByRole('link', { name: 'Nächste Seite' }).click();
    await page.waitForURL(/cursor=/);
    await page.getByText('Seite 2').waitFor();
    await page.locator('.results[aria-busy="false"]').waitFor();
    const second = await page.locator('.results > li h2').allTextContents();
    assert.ok(second.length > 0);
    await page.reload();
    await page.getByText('Seite 2').waitFor();
    await page.locator('.results[aria-busy="false"] > li').first().waitFor();
    assert.deepEqual(await page.locator('.results > li h2').allTextContents(), second);
    await page.getByRole('link', { name: 'Vorherige Seite' }).click();
    await page.getByText('Seite 1').waitFor();
  } finally {
    await context.close();
  }
});

test('contact form by keyboard: validation, honeypot skipped, error state when sending fails', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  let posted = null;
  await page.route('**/api/v1/organisations/kip-ni/messages**', (route) => {
    posted = route.request().postDataJSON();
    return route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      headers: { 'Retry-After': '30' },
      body: JSON.stringify({ type: '/problems/unavailable', title: 'Unavailable', status: 503, detail: 'Try later.' }),
    });
  });
  try {
    await page.goto(`${base}/kontakt/kip-ni`);
    await page.getByRole('heading', { level: 1, name: 'Nachricht an KIP NI' }).waitFor();

    // Sending an empty form focuses the error summary; its first link leads to the field.
    await tabTo(page, () => document.activeElement?.getAttribute('type') === 'submit');
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' });
    await summary.waitFor();
    assert.equal(await summary.evaluate((el) => el === document.activeElement), true);

    await page.goto(`${base}/kontakt/kip-ni`);
    await page.getByRole('heading', { level: 1, name: 'Nachricht an KIP NI' }).waitFor();
    await tabTo(page, () => document.activeElement?.getAttribute('name') === 'name');
    await page.keyboard.type('Eine Mutter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mutter@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Sorge um meinen Sohn');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Er zieht sich zurück.');
    const passed = await tabTo(page, () => document.activeElement?.getAttribute('name') === 'privacy_consent', 3);
    assert.ok(!passed.some((el) => el.name === 'homepage'), 'the honeypot is never focused');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'submit');
    await page.keyboard.press('Enter');

    const failure = page.getByRole('alert').filter({ hasText: 'Die Nachricht wurde nicht gesendet.' });
    await failure.waitFor();
    await failure.getByText('Try later.').waitFor();
    assert.deepEqual(posted, {
      name: 'Eine Mutter',
      reply_to: 'mutter@example.org',
      subject: 'Sorge um meinen Sohn',
      text: 'Er zieht sich zurück.',
      privacy_consent: true,
      homepage: '',
    });
    assert.equal(await page.getByLabel('Betreff').inputValue(), 'Sorge um meinen Sohn');
    assert.deepEqual(problems, { foreignRequests: [], cspViolations: [], errors: [] });
  } finally {
    await context.close();
  }
});
