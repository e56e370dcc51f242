// Keyboard-only use of the directory search and of the contact form.
//
// The API takes at most 5 messages per address in 10 minutes, and every test reaches the
// server from 127.0.0.1: only one test here really sends a message; the others that press
// "send" answer the request themselves (page.route).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getJson, signIn } from './support/api.mjs';
import { guardedPage, launch, VIEWPORTS } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';

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
    await page.setViewportSize(VIEWPORTS.phone);
    await page.screenshot({ path: screenshotPath('contact-invalid-de-phone'), fullPage: true });
    await page.setViewportSize(VIEWPORTS.desktop);

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
    await page.screenshot({ path: screenshotPath('contact-failed-de-desktop'), fullPage: true });
    assert.deepEqual(posted, {
      name: 'Eine Mutter',
      reply_to: 'mutter@example.org',
      subject: 'Sorge um meinen Sohn',
      text: 'Er zieht sich zurück.',
      privacy_consent: true,
      homepage: '',
      topic: 'general',
    });
    assert.equal(await page.getByLabel('Betreff').inputValue(), 'Sorge um meinen Sohn');
    assert.deepEqual(problems, { foreignRequests: [], cspViolations: [], errors: [] });
  } finally {
    await context.close();
  }
});

/** Fills the contact form from the page's first field on, with the keyboard only, and sends it. */
async function fillAndSendByKeyboard(page, message) {
  await tabTo(page, () => document.activeElement?.getAttribute('name') === 'name');
  await page.keyboard.type(message.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(message.reply_to);
  await page.keyboard.press('Tab');
  await page.keyboard.type(message.subject);
  await page.keyboard.press('Tab');
  await page.keyboard.type(message.text);
  const passed = await tabTo(page, () => document.activeElement?.getAttribute('name') === 'privacy_consent', 3);
  assert.ok(!passed.some((el) => el.name === 'homepage'), 'the honeypot is never focused');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'submit');
  await page.keyboard.press('Enter');
}

test('contact form by keyboard: the message reaches the inbox under the receipt id shown', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  const message = {
    name: 'Ein Vater',
    reply_to: 'vater@example.org',
    subject: 'Frage zur Beratung in Hannover',
    text: 'Mein Sohn hat sich verändert.\nWer kann uns beraten?',
  };
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/messages')) posts.push(request.url());
  });
  try {
    await page.goto(`${base}/kontakt/kip-ni`);
    await page.getByRole('heading', { level: 1, name: 'Nachricht an KIP NI' }).waitFor();
    await fillAndSendByKeyboard(page, message); // Enter in the text area starts a new line

    const success = page.getByRole('status').filter({ hasText: 'Vielen Dank, Ihre Nachricht ist angekommen.' });
    await success.waitFor();
    assert.equal(await success.evaluate((el) => el === document.activeElement), true, 'the success message has focus');
    const receipt = (await success.locator('.receipt').textContent())?.trim();
    assert.match(receipt ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(posts, [`${base}/api/v1/organisations/kip-ni/messages?lang=de`]);
    for (const [viewport, size] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(size);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport} width (${overflow}px too wide)`);
      await page.screenshot({ path: screenshotPath(`contact-sent-de-${viewport}`), fullPage: true });
    }

    // The staff see it: an editor of kip-ni lists the inbox and opens the message.
    const token = await signIn(base);
    const inbox = await getJson(base, '/api/v1/messages?organisation=kip-ni&lang=de', token);
    const listed = inbox.items.find((item) => item.id === receipt);
    assert.ok(listed, `receipt ${receipt} is listed in ${JSON.stringify(inbox.items.map((item) => item.id))}`);
    assert.equal(listed.subject, message.subject);
    assert.equal(listed.organisation.slug, 'kip-ni');
    assert.equal(listed.status, 'new');
    assert.equal(listed.language, 'de');
    const stored = await getJson(base, `/api/v1/messages/${receipt}?lang=de`, token);
    assert.equal(stored.name, message.name);
    assert.equal(stored.reply_to, message.reply_to);
    assert.equal(stored.text, message.text);
    assert.deepEqual(problems, { foreignRequests: [], cspViolations: [], errors: [] });
  } finally {
    await context.close();
  }
});

test('an organisation without a public web form offers no form and sends nothing', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  try {
    await page.goto(`${base}/kontakt/mk`);
    await page.getByRole('heading', { level: 1, name: 'Nachricht an MK' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'MK nimmt über das Kontaktformular dieser Seite keine Nachrichten an.' })
      .waitFor();
    assert.equal(await page.locator('form').count(), 0);
    assert.equal(await page.getByRole('textbox').count(), 0);

    // By keyboard to the centre's form instead.
    await tabTo(page, () => document.activeElement?.getAttribute('href') === '/kontakt/kip-ni' && document.activeElement.closest('main') !== null);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/kontakt/kip-ni`);
    await page.getByRole('button', { name: 'Nachricht senden' }).waitFor();
    assert.deepEqual(posts, []);
    assert.deepEqual(problems, { foreignRequests: [], cspViolations: [], errors: [] });
  } finally {
    await context.close();
  }
});
