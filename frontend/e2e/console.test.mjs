// The signed-in part: loaded lazily (never on public pages), sign-in, silent renewal after a
// reload, guards by scope, return after signing in, sign-out, accessibility.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, guardedPage, launch } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';
import { DEMO } from './support/server.mjs';
import { signInThroughForm, staffOnlyFiles } from './support/staff.mjs';

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

const account = (email) => ({ email, password: server.demo[email].password });
const clean = { foreignRequests: [], cspViolations: [], errors: [] };

test('public pages load no code of the portal or console and never touch the session', async () => {
  const staffFiles = staffOnlyFiles();
  assert.ok(staffFiles.some((file) => /StaffApp/.test(file)), `the console chunk is among ${staffFiles}`);
  const { context, page, problems } = await guardedPage(browser, base);
  const loaded = [];
  page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
  try {
    for (const path of ['/', '/organisationen', '/organisationen/kip-ni', '/zustaendigkeiten', '/netzwerk', '/kontakt/kip-ni', '/en/']) {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    // The header offers the sign-in, but showing the link loads nothing of it.
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    const staffLoaded = loaded.filter((path) => staffFiles.some((file) => path.endsWith(file)));
    assert.deepEqual(staffLoaded, [], 'no console chunk on public pages');
    assert.deepEqual(loaded.filter((path) => path.startsWith('/api/v1/auth')), [], 'no session call on public pages');
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('the header link leads to sign-in; the session survives a reload; sign-out ends it', async () => {
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await signInThroughForm(page, account(DEMO.partner));
    await page.waitForURL(`${base}/portal`);
    await page.getByText(`Angemeldet als ${DEMO.partner}`).waitFor();

    // The access token lives in memory only: a reload renews it through the refresh cookie.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.doesNotMatch(stored, /eyJ/, 'no token in web storage');
    await page.reload();
    await page.getByText(`Angemeldet als ${DEMO.partner}`).waitFor();
    assert.equal(new URL(page.url()).pathname, '/portal');

    // A page for other roles is not offered, and opening it says so politely.
    const nav = page.getByRole('navigation', { name: 'Navigation der Konsole' });
    assert.equal(await nav.getByRole('link', { name: 'Protokoll' }).count(), 0);
    await page.goto(`${base}/konsole/protokoll`);
    await page.getByRole('heading', { level: 1, name: 'Diese Seite ist für Ihr Konto nicht vorgesehen' }).waitFor();

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${base}/anmelden`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await page.goto(`${base}/portal`);
    await page.waitForURL(/\/anmelden\?next=%2Fportal$/);
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('signing in again returns to the page one was on', async () => {
  const { context, page } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/en/portal/referrals/new`);
    await page.waitForURL(`${base}/en/sign-in?next=%2Fen%2Fportal%2Freferrals%2Fnew`);
    await page.getByText('Please sign in to see this page.').waitFor();
    await signInThroughForm(page, account(DEMO.partner), 'en');
    await page.waitForURL(`${base}/en/portal/referrals/new`);
  } finally {
    await context.close();
  }
});

test('a wrong password is refused with a message that names no detail', async () => {
  const { context, page } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/anmelden`);
    await signInThroughForm(page, { email: DEMO.partner, password: 'not the password at all' });
    await page.getByRole('alert').getByText('E-Mail oder Passwort stimmen nicht.', { exact: false }).waitFor();
  } finally {
    await context.close();
  }
});

for (const [lang, path, heading] of [
  ['de', '/anmelden', 'Anmelden'],
  ['en', '/en/sign-in', 'Sign in'],
]) {
  test(`sign-in page (${lang}): axe finds nothing`, async () => {
    const { context, page, problems } = await guardedPage(browser, base);
    try {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      assert.deepEqual(await axeViolations(page), []);
      await page.screenshot({ path: screenshotPath(`sign-in-${lang}`), fullPage: true });
      assert.deepEqual(problems, clean);
    } finally {
      await context.close();
    }
  });
}
