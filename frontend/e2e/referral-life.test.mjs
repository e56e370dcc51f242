// The life of one referral across people: a partner submits (a double click still creates one
// referral), the coordinator triages it and assigns it to Aktion Neustart, the case worker takes
// it up and closes it; the partner sees each coarse status and never an internal note.
// axe checks every portal and console page on the way, in German and English.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getJson, signIn } from './support/api.mjs';
import { axeViolations, guardedPage, launch } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';
import { DEMO } from './support/server.mjs';
import { enterSecondFactor, signInThroughForm } from './support/staff.mjs';
import { enrolThroughApi, totp } from './support/totp.mjs';

let server;
let base;
let browser;
// Coordinators sign in with password and second factor here: the demo coordinator enrols first.
let coordinatorFactor;
before(async () => {
  server = await testServer({ KIPNI_REQUIRE_SECOND_FACTOR_ROLES: 'coordinator' });
  base = server.baseUrl;
  coordinatorFactor = await enrolThroughApi(base, account(DEMO.coordinator));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const account = (email) => ({ email, password: server.demo[email].password });
const INTERNAL = 'Interner Vermerk: Rückruf bei der Schulleitung vereinbart';
const clean = { foreignRequests: [], cspViolations: [], errors: [] };

async function person(email, lang = 'de') {
  const guarded = await guardedPage(browser, base);
  await guarded.page.goto(`${base}${lang === 'de' ? '/anmelden' : '/en/sign-in'}`);
  await signInThroughForm(guarded.page, account(email), lang);
  if (email === DEMO.coordinator) await enterSecondFactor(guarded.page, coordinatorCode(), lang);
  await guarded.page.getByText(lang === 'de' ? `Angemeldet als ${email}` : `Signed in as ${email}`).waitFor();
  return guarded;
}

// The first sign-in takes the app's next code; later ones within the same 30 seconds take a
// recovery code each (every code works once).
let codesUsed = 0;
function coordinatorCode() {
  codesUsed += 1;
  return codesUsed === 1 ? totp(coordinatorFactor.secret, { stepsAhead: 1 }) : coordinatorFactor.recoveryCodes[codesUsed - 2];
}

async function noAxeViolations(page, where) {
  // Wait until nothing on the page is still loading (the loading notes are role=status).
  await page.waitForFunction(() => !document.querySelector('main p.muted[role="status"]'));
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

async function partnerSees(page, id, status) {
  await page.goto(`${base}/portal/meldungen/${id}`);
  await page.getByRole('heading', { level: 1, name: /^Meldung KIP-/ }).waitFor();
  await page.locator('dd', { hasText: status }).first().waitFor();
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes(INTERNAL), 'the partner never sees an internal note');
  await noAxeViolations(page, `portal referral (${status})`);
}

async function move(page, label, fill = async () => undefined) {
  await page.getByRole('radio', { name: label }).check();
  await fill();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
}

test('a referral from the partner through triage and Aktion Neustart to closed', async () => {
  const partnerToken = await signIn(base, account(DEMO.partner));
  const before = (await getJson(base, '/api/v1/referrals?limit=200', partnerToken)).items.length;

  // The partner hands over a case.
  const partner = await person(DEMO.partner);
  const p = partner.page;
  await noAxeViolations(p, 'portal list');
  await p.getByRole('link', { name: 'Einen Fall melden' }).click();
  await p.getByRole('heading', { level: 1, name: 'Einen Fall melden' }).waitFor();
  await noAxeViolations(p, 'referral form, step 1');
  await p.getByRole('button', { name: 'Weiter' }).click();
  await p.getByRole('alert').getByText('Bitte geben Sie ein Pseudonym ein', { exact: false }).waitFor();
  await noAxeViolations(p, 'referral form with errors');
  await p.getByLabel('Pseudonym', { exact: true }).fill('Kiebitz-21');
  await p.getByLabel(/^Geburtsjahr/).fill('2009');
  await p.getByLabel('Wohnort (Gemeinde)', { exact: true }).fill('Hannover');
  await p.getByRole('button', { name: 'Weiter' }).click();
  await p.getByLabel('Was beobachten Sie?', { exact: true }).fill('Kündigt im Klassenchat an, sich einer Gruppe anschließen zu wollen.');
  await p.getByLabel('Ausreiseabsicht', { exact: true }).check();
  await p.getByLabel(/^Worum geht es vor allem\?/).selectOption('exit-support');
  await p.reload(); // the draft survives a reload of the tab
  await p.getByLabel('Was beobachten Sie?', { exact: true }).waitFor();
  assert.match(await p.getByLabel('Was beobachten Sie?', { exact: true }).inputValue(), /Klassenchat/);
  await p.getByRole('button', { name: 'Weiter' }).click();
  await p.getByLabel(/^Akut/).check();
  await p.getByRole('alert').getByText('rufen Sie sofort die Polizei unter 110 an', { exact: false }).waitFor();
  await noAxeViolations(p, 'referral form, acute');
  await p.getByRole('button', { name: 'Weiter' }).click();
  await p.getByRole('group', { name: 'Ist die Person über die Meldung informiert?' }).getByLabel('Ja').check();
  await p.getByRole('group', { name: 'Ist die Person mit der Meldung einverstanden?' }).getByLabel('Ja').check();
  await p.getByLabel(/^Rechtsgrundlage/).fill('Einwilligung');
  await p.getByRole('button', { name: 'Weiter' }).click();
  await p.getByLabel('Name', { exact: true }).fill('Schulsozialarbeit Gymnasium am See');
  await p.getByRole('button', { name: 'Weiter' }).click();
  await p.getByRole('heading', { level: 3, name: 'Person', exact: true }).waitFor();
  await noAxeViolations(p, 'referral form, summary');
  await p.screenshot({ path: screenshotPath('portal-referral-form'), fullPage: true });
  await p.getByRole('button', { name: 'Meldung senden' }).dblclick();
  await p.getByRole('heading', { level: 1, name: 'Die Meldung ist angekommen' }).waitFor();
  await noAxeViolations(p, 'referral sent');
  const href = await p.getByRole('link', { name: 'Zur Meldung' }).getAttribute('href');
  const id = href.split('/').pop();
  const afterward = (await getJson(base, '/api/v1/referrals?limit=200', partnerToken)).items;
  assert.equal(afterward.length, before + 1, 'a double click on send creates exactly one referral');
  assert.deepEqual(await p.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('kipni.draft.'))), []);
  await partnerSees(p, id, 'Eingegangen');

  // The coordinator triages it and assigns it to Aktion Neustart.
  const coordinator = await person(DEMO.coordinator);
  const c = coordinator.page;
  await c.getByRole('heading', { level: 1, name: 'Was jetzt zu tun ist' }).waitFor();
  await noAxeViolations(c, 'console start');
  await c.getByRole('navigation', { name: 'Navigation der Konsole' }).getByRole('link', { name: 'Meldungen' }).click();
  const acute = c.getByRole('region', { name: 'Akute Meldungen' });
  await noAxeViolations(c, 'inbox');
  await acute.getByRole('link', { name: afterward.find((r) => r.id === id).reference }).click();
  await c.getByRole('heading', { level: 1, name: /^Meldung KIP-/ }).waitFor();
  await c.getByText('Kündigt im Klassenchat an', { exact: false }).waitFor();
  await noAxeViolations(c, 'case page');
  await move(c, 'In die Sichtung nehmen', () => c.getByLabel(/Interner Vermerk/).fill(INTERNAL));
  await partnerSees(p, id, 'In Prüfung');
  await c.getByRole('radio', { name: 'Einem Programm zuweisen' }).check();
  assert.equal(await c.getByLabel('Programm', { exact: true }).inputValue(), 'aktion-neustart', 'the routing suggestion is preselected');
  await move(c, 'Einem Programm zuweisen', () => c.getByLabel(/Mitteilung an die meldende Stelle/).fill('Ein Programm übernimmt den Fall.'));
  await c.getByText('Aktion Neustart', { exact: true }).first().waitFor();
  await c.screenshot({ path: screenshotPath('console-case'), fullPage: true });
  await partnerSees(p, id, 'In Bearbeitung');
  await p.getByText('Ein Programm übernimmt den Fall.').waitFor();

  // The case worker of Aktion Neustart takes it up and closes it.
  const worker = await person(DEMO.neustart);
  const w = worker.page;
  await w.goto(`${base}/konsole/meldungen/${id}`);
  await w.getByRole('heading', { level: 1, name: /^Meldung KIP-/ }).waitFor();
  await w.getByText(INTERNAL).waitFor();
  await move(w, 'Übernehmen (in Bearbeitung)');
  await partnerSees(p, id, 'In Bearbeitung');
  await move(w, 'Abschließen', async () => {
    await w.getByLabel('Ergebnis', { exact: true }).selectOption('successful');
    await w.getByLabel(/Mitteilung an die meldende Stelle/).fill('Die Begleitung ist abgeschlossen.');
  });
  await w.getByText('Für diese Meldung ist für Sie gerade nichts zu tun.').waitFor();
  await partnerSees(p, id, 'Abgeschlossen');
  await p.getByText('Die Begleitung ist abgeschlossen.').waitFor();

  for (const guarded of [partner, coordinator, worker]) {
    assert.deepEqual(guarded.problems, clean);
    await guarded.context.close();
  }
});

test('portal and console pages in English: headings, language and axe', async () => {
  const partner = await person(DEMO.partner, 'en');
  const coordinator = await person(DEMO.coordinator, 'en');
  try {
    const pages = [
      [partner.page, '/en/portal', 'Your organisation’s referrals'],
      [partner.page, '/en/portal/referrals/new', 'Refer a case'],
      [coordinator.page, '/en/console', 'What needs doing now'],
      [coordinator.page, '/en/console/referrals', 'Referrals'],
    ];
    for (const [page, path, heading] of pages) {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await noAxeViolations(page, path);
    }
    const c = coordinator.page;
    await c.locator('tbody th a').first().click();
    await c.getByRole('heading', { level: 1, name: /^Referral KIP-/ }).waitFor();
    await noAxeViolations(c, 'case page (en)');
    const p = partner.page;
    await p.goto(`${base}/en/portal`);
    await p.locator('tbody th a').first().click();
    await p.getByRole('heading', { level: 1, name: /^Referral KIP-/ }).waitFor();
    await noAxeViolations(p, 'portal referral (en)');
    assert.deepEqual(partner.problems, clean);
    assert.deepEqual(coordinator.problems, clean);
  } finally {
    await partner.context.close();
    await coordinator.context.close();
  }
});

test('the admin finds each action of that referral’s life in the audit log', async () => {
  // The referral of the first test: the one closed with the pseudonym and concern it was given.
  const adminToken = await signIn(base, account(DEMO.admin));
  const closed = (await getJson(base, '/api/v1/referrals?status=closed&limit=200', adminToken)).items;
  const referral = closed.find(
    (item) => item.details?.subject?.pseudonym === 'Kiebitz-21' && /Klassenchat/.test(item.details?.concern ?? ''),
  );
  assert.ok(referral, 'the referral of the first test is closed');
  const users = (await getJson(base, '/api/v1/users?limit=200', adminToken)).items;
  const idOf = (email) => users.find((user) => user.email === email).id;

  const admin = await person(DEMO.admin);
  const a = admin.page;
  try {
    await a.getByRole('navigation', { name: 'Navigation der Konsole' }).getByRole('link', { name: 'Protokoll' }).click();
    await a.getByRole('heading', { level: 1, name: 'Protokoll' }).waitFor();
    const table = a.getByRole('table', { name: 'Einträge des Protokolls, neueste zuerst' });
    const filters = a.getByRole('form', { name: 'Filter' });
    /** The rows of the referral's entries of one action: [actor id, details text] each. */
    async function entries(action) {
      await filters.getByLabel('Aktion', { exact: true }).fill(action);
      await filters.getByLabel('Art des Objekts', { exact: true }).fill('referral');
      await filters.getByLabel('Objekt (ID)', { exact: true }).fill(referral.id);
      await filters.getByRole('button', { name: 'Filtern' }).click();
      await a.waitForURL((url) => url.searchParams.get('action') === action && url.searchParams.get('object_id') === referral.id);
      // Until the rows of before are gone: each row now is this action on this referral.
      await a.waitForFunction(
        ([action, id]) => {
          const rows = [...document.querySelectorAll('main tbody tr')];
          return rows.length > 0 && rows.every((row) => row.querySelector('td:nth-child(3) code')?.textContent === action && row.querySelector('td:nth-child(6) code')?.textContent === id);
        },
        [action, referral.id],
      );
      await noAxeViolations(a, `audit log filtered by ${action}`);
      return table.locator('tbody tr').evaluateAll((rows) =>
        rows.map((row) => [
          row.querySelector('td:nth-child(5) code')?.textContent ?? '',
          [...row.querySelectorAll('td:nth-child(7) dl > div')].map((pair) => `${pair.querySelector('dt').textContent}=${pair.querySelector('dd').textContent}`).join(' '),
        ]),
      );
    }

    const submitted = await entries('referrals.create');
    assert.equal(submitted.length, 1, 'one submission, though the button was clicked twice');
    assert.equal(submitted[0][0], idOf(DEMO.partner), 'submitted by the partner');
    // Newest first: close, take-up, assignment, triage.
    const moves = (await entries('referrals.transition')).reverse();
    assert.deepEqual(
      moves.map(([, details]) => details),
      ['from=received to=in_triage', 'from=in_triage to=assigned', 'from=assigned to=in_progress', 'from=in_progress to=closed'],
    );
    assert.deepEqual(
      moves.map(([actor]) => actor),
      [idOf(DEMO.coordinator), idOf(DEMO.coordinator), idOf(DEMO.neustart), idOf(DEMO.neustart)],
      'triage and assignment by the coordinator, take-up and close by the case worker',
    );
    assert.deepEqual(admin.problems, clean);
  } finally {
    await admin.context.close();
  }
});
