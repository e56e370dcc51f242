// The admin area: users and API clients (a new secret is shown once), the audit log with its
// chain verification and filters, and the deliveries with a dead letter retried. A server of
// its own: webhooks may go to loopback, one attempt makes a delivery dead, the worker runs
// in-process. axe checks each admin page in German and English.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { getJson, signIn } from './support/api.mjs';
import { axeViolations, guardedPage, launch } from './support/browser.mjs';
import { screenshotPath } from './support/context.mjs';
import { DEMO, startServer } from './support/server.mjs';
import { signInThroughForm } from './support/staff.mjs';

let server;
let base;
let browser;
before(async () => {
  server = await startServer({
    KIPNI_WORKER_IN_PROCESS: 'true',
    KIPNI_WORKER_POLL_SECONDS: '0.2',
    KIPNI_OUTBOX_MAX_ATTEMPTS: '1',
    KIPNI_WEBHOOKS_ALLOW_LOOPBACK: 'true',
    KIPNI_WEBHOOK_TIMEOUT_SECONDS: '2',
    KIPNI_LOG_LEVEL: 'ERROR', // every delivery here fails on purpose
  });
  base = server.baseUrl;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const account = (email) => ({ email, password: server.demo[email].password });
const clean = { foreignRequests: [], cspViolations: [], errors: [] };

async function admin(lang = 'de') {
  const guarded = await guardedPage(browser, base);
  await guarded.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await guarded.page.goto(`${base}${lang === 'de' ? '/anmelden' : '/en/sign-in'}`);
  await signInThroughForm(guarded.page, account(DEMO.admin), lang);
  await guarded.page.getByText(lang === 'de' ? `Angemeldet als ${DEMO.admin}` : `Signed in as ${DEMO.admin}`).waitFor();
  return guarded;
}

async function noAxeViolations(page, where) {
  await page.waitForFunction(() => !document.querySelector('main p.muted[role="status"]'));
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

/** Polls `check` until it returns a value (a signal from the server), or fails after `ms`. */
async function eventually(check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the table shows rows whose `cell` reads `value`, all of them (a filter applied,
 * the rows of before gone); returns how many.
 */
async function onlyRows(page, cell, value) {
  const found = await page.waitForFunction(
    ([cell, value]) => {
      const texts = [...document.querySelectorAll(`main tbody tr ${cell}`)].map((node) => node.textContent);
      return texts.length > 0 && texts.every((text) => text === value) && texts.length;
    },
    [cell, value],
  );
  return found.jsonValue();
}

/** A loopback port nobody listens on: bound once by the system, then released. */
function closedPort() {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function post(path, token, body) {
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function clientSignIn(clientId, clientSecret) {
  const response = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  return response.status;
}

async function passwordSignIn(email, password) {
  const response = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', username: email, password }),
  });
  return response.status;
}

test('the admin registers an API client and sees its secret once, copied to the clipboard', async () => {
  const guarded = await admin();
  const { page } = guarded;
  try {
    await page.getByRole('navigation', { name: 'Navigation der Konsole' }).getByRole('link', { name: 'Benutzer und API-Clients' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benutzer und API-Clients' }).waitFor();
    const form = page.getByRole('form', { name: 'API-Client anlegen' });
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await form.getByRole('alert').getByText('Bitte geben Sie eine Bezeichnung ein.').waitFor();
    await form.getByLabel('Bezeichnung', { exact: true }).fill('Schulverwaltung Demo');
    await form.getByLabel('Organisation', { exact: true }).selectOption('demo-schule');
    await form.getByLabel(/Meldungen einreichen/).check();
    await form.getByLabel(/Eigene Meldungen lesen/).check();
    await form.getByRole('button', { name: 'Anlegen' }).click();

    const shown = page.getByRole('region', { name: 'Zugangsdaten für „Schulverwaltung Demo“' });
    await shown.waitFor();
    const secret = await shown.getByLabel('Client-Secret').inputValue();
    const clientId = await shown.locator('code').first().innerText();
    assert.ok(secret.length >= 32, 'a long secret is shown');
    await noAxeViolations(page, 'users page with a new secret');
    await shown.getByRole('button', { name: 'Secret kopieren' }).click();
    await shown.getByRole('status').getByText('Das Secret ist in der Zwischenablage.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the clipboard holds the secret');
    assert.equal(await clientSignIn(clientId, secret), 200, 'the shown secret signs the client in');
    await page.screenshot({ path: screenshotPath('console-api-client-secret'), fullPage: true });

    // Nothing keeps it: after a reload the client is listed, its secret nowhere.
    await page.reload();
    const clients = page.getByRole('table', { name: 'API-Clients von Partnersystemen' });
    await clients.getByRole('rowheader', { name: 'Schulverwaltung Demo' }).waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone after a reload');
    assert.equal(await page.getByRole('region', { name: /^Zugangsdaten/ }).count(), 0);
    assert.deepEqual(guarded.problems, clean);
  } finally {
    await guarded.context.close();
  }
});

test('the admin creates a user, sets a new password and deactivates the user', async () => {
  const guarded = await admin();
  const { page } = guarded;
  const email = 'neue.kollegin@demo.kipni.example';
  try {
    await page.goto(`${base}/konsole/benutzer`);
    const create = page.getByRole('region', { name: 'Benutzer anlegen' });
    await create.getByLabel('E-Mail', { exact: true }).fill(email);
    await create.getByLabel(/^Name/).fill('Neue Kollegin');
    await create.getByLabel('Rolle', { exact: true }).selectOption('editor');
    await create.getByLabel('Organisation', { exact: true }).selectOption('kip-ni');
    await create.getByLabel('Erstes Passwort', { exact: true }).fill('erstes passwort 1');
    await create.getByRole('button', { name: 'Anlegen' }).click();
    await create.getByRole('status').getByText(`Der Benutzer ${email} wurde angelegt.`).waitFor();
    const users = page.getByRole('table', { name: 'Benutzer, nach E-Mail-Adresse sortiert' });
    const row = users.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email }) });
    await row.waitFor();
    assert.equal(await passwordSignIn(email, 'erstes passwort 1'), 200);

    await row.getByRole('button', { name: `Passwort neu setzen (${email})` }).click();
    const reset = page.getByRole('form', { name: `Passwort für ${email} neu setzen` });
    await reset.getByLabel('Neues Passwort', { exact: true }).fill('zu kurz');
    await reset.getByRole('button', { name: 'Passwort speichern' }).click();
    await reset.getByText('Das Passwort muss 12 bis 128 Zeichen lang sein.').first().waitFor();
    await noAxeViolations(page, 'password reset with an error');
    await reset.getByLabel('Neues Passwort', { exact: true }).fill('zweites passwort 2');
    await reset.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByRole('status').getByText(`Das Passwort von ${email} ist neu gesetzt.`).waitFor();
    assert.equal(await passwordSignIn(email, 'zweites passwort 2'), 200, 'the new password works');

    const deactivate = row.getByRole('button', { name: `Deaktivieren (${email})` });
    await deactivate.click();
    const confirm = page.getByRole('group', { name: /wirklich deaktivieren/ });
    await confirm.waitFor();
    await page.keyboard.press('Escape'); // changes nothing, and the focus returns to the button
    await confirm.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Deaktivieren ('));
    await page.keyboard.press('Enter');
    await noAxeViolations(page, 'deactivation confirmation');
    await confirm.getByRole('button', { name: 'Ja, deaktivieren' }).click();
    await page.getByRole('status').getByText(`${email} ist deaktiviert.`).waitFor();
    await row.getByText('deaktiviert', { exact: true }).waitFor();
    assert.notEqual(await passwordSignIn(email, 'zweites passwort 2'), 200, 'a deactivated user cannot sign in');
    assert.deepEqual(guarded.problems, clean);
  } finally {
    await guarded.context.close();
  }
});

test('the audit log shows an intact chain, pages by cursor, and its filters find the admin’s actions', async () => {
  // Before the page loads: more than a page of entries (every read of a referral is audited).
  const adminToken = await signIn(base, account(DEMO.admin));
  const [some] = (await getJson(base, '/api/v1/referrals?limit=1', adminToken)).items;
  for (let i = 0; i < 60; i++) await getJson(base, `/api/v1/referrals/${some.id}`, adminToken);
  const guarded = await admin();
  const { page } = guarded;
  try {
    await page.goto(`${base}/konsole/protokoll`);
    await page.getByRole('heading', { level: 1, name: 'Protokoll' }).waitFor();
    const verification = page.getByRole('region', { name: 'Prüfung der Kette' });
    await verification.getByText(/^Die Kette ist unversehrt: \d+ Einträge geprüft\.$/).waitFor();
    await noAxeViolations(page, 'audit log');

    // Keyset paging: a second page follows the first without a gap or a repeat.
    const first = await getJson(base, '/api/v1/audit-events?limit=50', adminToken);
    assert.ok(first.next_cursor, 'the log holds more than one page by now');
    const seqs = () => page.locator('tbody th[scope="row"]').allInnerTexts().then((cells) => cells.map(Number));
    assert.deepEqual(await seqs(), first.items.map((item) => item.seq));
    await page.getByRole('button', { name: 'Weitere laden' }).click();
    await page.locator('tbody tr').nth(50).waitFor();
    const both = await seqs();
    const second = await getJson(base, `/api/v1/audit-events?limit=50&cursor=${encodeURIComponent(first.next_cursor)}`, adminToken);
    assert.deepEqual(both, [...first.items, ...second.items].map((item) => item.seq));
    assert.ok(both.every((seq, i) => i === 0 || seq < both[i - 1]), 'newest first, no entry twice');

    const filters = page.getByRole('form', { name: 'Filter' });
    await filters.getByLabel('Aktion', { exact: true }).fill('clients.create');
    await filters.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/action=clients\.create/);
    const table = page.getByRole('table', { name: 'Einträge des Protokolls, neueste zuerst' });
    assert.ok((await onlyRows(page, 'td:nth-child(3) code', 'clients.create')) >= 1, 'the client of the first test');
    await table.getByText('API-Client angelegt').first().waitFor();

    // A refused sign-in, then the filter for refused sign-ins finds it and nothing else.
    assert.notEqual(await passwordSignIn(DEMO.editor, 'not the editor password'), 200);
    await filters.getByLabel('Aktion', { exact: true }).fill('auth.login');
    await filters.getByLabel('Ergebnis', { exact: true }).selectOption('failure');
    await filters.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/outcome=failure/);
    await onlyRows(page, 'td:nth-child(4)', 'fehlgeschlagen');
    await onlyRows(page, 'td:nth-child(3) code', 'auth.login');
    await page.screenshot({ path: screenshotPath('console-audit'), fullPage: true });
    assert.deepEqual(guarded.problems, clean);
  } finally {
    await guarded.context.close();
  }
});

test('a webhook to a port nobody listens on goes dead, and the admin retries it', async () => {
  // The partner registers a webhook; the coordinator's triage announces a new status to it.
  const partnerToken = await signIn(base, account(DEMO.partner));
  const port = await closedPort();
  const hook = await post('/api/v1/webhooks', partnerToken, {
    url: `http://127.0.0.1:${port}/kipni-events`,
    events: ['referral.status_changed'],
  });
  assert.equal(hook.status, 201, JSON.stringify(hook.body));
  const coordinatorToken = await signIn(base, account(DEMO.coordinator));
  const received = (await getJson(base, '/api/v1/referrals?status=received&limit=200', coordinatorToken)).items;
  const referral = received.find((item) => item.submitted_by.slug === 'demo-schule');
  assert.ok(referral, 'the demo seed has a received referral of the demo school');
  const moved = await post(`/api/v1/referrals/${referral.id}/transitions`, coordinatorToken, { to: 'in_triage' });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  const adminToken = await signIn(base, account(DEMO.admin));
  const dead = await eventually(async () => {
    const { items } = await getJson(base, '/api/v1/outbox?status=dead&limit=200', adminToken);
    return items.find((item) => item.channel === 'webhook' && item.webhook_id === hook.body.id);
  }, 'the webhook delivery to go dead');

  const guarded = await admin();
  const { page } = guarded;
  try {
    await page.goto(`${base}/konsole/zustellungen`);
    await page.getByRole('heading', { level: 1, name: 'Zustellungen' }).waitFor();
    await page.getByLabel('Stand', { exact: true }).selectOption('dead');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/status=dead/);
    const table = page.getByRole('table', { name: 'Zustellungen, neueste zuerst' });
    const row = table.getByRole('row').filter({ hasText: 'referral.status_changed' }).filter({ hasText: 'Webhook' }).first();
    await row.getByText('aufgegeben').waitFor();
    await noAxeViolations(page, 'deliveries with a dead letter');
    await page.screenshot({ path: screenshotPath('console-deliveries'), fullPage: true });
    await row.getByRole('button', { name: /^Erneut versuchen/ }).click();
    await page.getByRole('status').getByText('Die Zustellung ist wieder in der Warteschlange', { exact: false }).waitFor();

    const retried = await getJson(base, `/api/v1/audit-events?action=outbox.retry&object_id=${dead.id}`, adminToken);
    assert.equal(retried.items.length, 1, 'the retry is in the audit log');
    // The worker tries it again: one more attempt, and (nobody listens still) dead again.
    await eventually(async () => {
      const { items } = await getJson(base, '/api/v1/outbox?status=dead&limit=200', adminToken);
      const again = items.find((item) => item.id === dead.id);
      return again && Date.parse(again.next_attempt_at) > Date.parse(dead.next_attempt_at);
    }, 'the retried delivery to be attempted again');
    assert.deepEqual(guarded.problems, clean);
  } finally {
    await guarded.context.close();
  }
});

for (const [lang, pages] of [
  [
    'de',
    [
      ['/konsole/benutzer', 'Benutzer und API-Clients'],
      ['/konsole/protokoll', 'Protokoll'],
      ['/konsole/zustellungen', 'Zustellungen'],
    ],
  ],
  [
    'en',
    [
      ['/en/console/users', 'Users and API clients'],
      ['/en/console/audit', 'Audit log'],
      ['/en/console/deliveries', 'Deliveries'],
    ],
  ],
]) {
  test(`admin pages (${lang}): heading, language and axe`, async () => {
    const guarded = await admin(lang);
    try {
      for (const [path, heading] of pages) {
        await guarded.page.goto(base + path);
        await guarded.page.getByRole('heading', { level: 1, name: heading }).waitFor();
        assert.equal(await guarded.page.evaluate(() => document.documentElement.lang), lang);
        await noAxeViolations(guarded.page, path);
      }
      assert.deepEqual(guarded.problems, clean);
    } finally {
      await guarded.context.close();
    }
  });
}

test('a coordinator is not offered the admin pages', async () => {
  const guarded = await guardedPage(browser, base);
  try {
    await guarded.page.goto(`${base}/anmelden`);
    await signInThroughForm(guarded.page, account(DEMO.coordinator));
    const nav = guarded.page.getByRole('navigation', { name: 'Navigation der Konsole' });
    await nav.getByRole('link', { name: 'Meldungen' }).waitFor();
    for (const name of ['Benutzer und API-Clients', 'Protokoll', 'Zustellungen']) {
      assert.equal(await nav.getByRole('link', { name }).count(), 0, `${name} is not offered`);
    }
    await guarded.page.goto(`${base}/konsole/zustellungen`);
    await guarded.page.getByRole('heading', { level: 1, name: 'Diese Seite ist für Ihr Konto nicht vorgesehen' }).waitFor();
  } finally {
    await guarded.context.close();
  }
});
