// The account page and the second factor: a coordinator, whose role must have one, is led
// through enrolment before anything else (QR code, the key as text, a code, ten recovery codes),
// signs out and signs in with password and code. axe checks the page in German and English.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, guardedPage, launch } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';
import { DEMO } from './support/server.mjs';
import { enterSecondFactor, signInThroughForm } from './support/staff.mjs';
import { base32Decode, totp } from './support/totp.mjs';

let server;
let base;
let browser;
before(async () => {
  server = await testServer({ KIPNI_REQUIRE_SECOND_FACTOR_ROLES: 'coordinator' });
  base = server.baseUrl;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const account = (email) => ({ email, password: server.demo[email].password });
const clean = { foreignRequests: [], cspViolations: [], errors: [] };

async function noAxeViolations(page, where) {
  await page.waitForFunction(() => !document.querySelector('main [role="status"].muted'));
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

test('the tests compute codes as RFC 6238 does (its SHA-1 test vectors)', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  assert.equal(base32Decode(secret).toString(), '12345678901234567890');
  assert.equal(totp(secret, { at: 59_000, digits: 8 }), '94287082');
  assert.equal(totp(secret, { at: 1_111_111_109_000, digits: 8 }), '07081804');
});

test('a coordinator is led through enrolment first, then signs in with password and code', async () => {
  const { page, context, problems } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/konsole/meldungen`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await signInThroughForm(page, account(DEMO.coordinator));
    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/konto', 'nothing else before the enrolment');
    await page.getByText('Ihre Rolle verlangt einen zweiten Faktor', { exact: false }).waitFor();
    await noAxeViolations(page, 'account page, enrolment required');

    await page.getByRole('button', { name: 'Authenticator-App einrichten' }).click();
    await page.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' }).waitFor();
    const secret = (await page.locator('code.secret').innerText()).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/, 'the key is shown as text for typing it in');
    await noAxeViolations(page, 'account page, enrolment');
    await page.screenshot({ path: screenshotPath('account-enrolment'), fullPage: true });

    await page.getByLabel('Bestätigungscode', { exact: true }).fill(totp(secret));
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    const codes = page.getByRole('list', { name: 'Ihre Wiederherstellungscodes' });
    await codes.waitFor();
    assert.equal(await codes.getByRole('listitem').count(), 10);
    await noAxeViolations(page, 'account page, recovery codes');

    await page.getByRole('button', { name: 'Weiter zu Ihrer Startseite' }).click();
    await page.getByRole('heading', { level: 1, name: 'Was jetzt zu tun ist' }).waitFor();
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

    await signInThroughForm(page, account(DEMO.coordinator));
    await enterSecondFactor(page, totp(secret, { stepsAhead: 1 }));
    await page.getByRole('heading', { level: 1, name: 'Was jetzt zu tun ist' }).waitFor();
    await page.getByText(`Angemeldet als ${DEMO.coordinator}`).waitFor();

    await page.goto(`${base}/konto`);
    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
    await page.getByText('Sie haben noch 10 unbenutzte Wiederherstellungscodes.', { exact: false }).waitFor();
    await noAxeViolations(page, 'account page, enrolled');
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('the account page in English, with password change and signing out everywhere', async () => {
  const { page, context, problems } = await guardedPage(browser, base);
  try {
    await page.goto(`${base}/en/sign-in`);
    await signInThroughForm(page, account(DEMO.editor), 'en');
    await page.getByText(`Signed in as ${DEMO.editor}`).waitFor();
    await page.goto(`${base}/en/account`);
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await noAxeViolations(page, '/en/account');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('Please check what you entered').waitFor();
    await noAxeViolations(page, '/en/account with errors');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for setting up the authenticator app' }).waitFor();
    await page.getByLabel('Authentication code', { exact: true }).waitFor();
    await noAxeViolations(page, '/en/account, enrolment');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.goto(`${base}/en/account`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});
