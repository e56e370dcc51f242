// The directory editor and the messages inbox of the console: a lost race on an opening time
// (412) shown with the other change and one's own input kept, then resolved; confirming an
// entry as current; a message from the public form in the inbox with its status changed;
// axe on every page in German and English.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from './support/api.mjs';
import { axeViolations, guardedPage, launch } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';
import { DEMO } from './support/server.mjs';
import { signInThroughForm } from './support/staff.mjs';

let server;
let base;
let browser;
let token;
before(async () => {
  server = await testServer();
  base = server.baseUrl;
  browser = await launch();
  token = await signIn(base);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const clean = { foreignRequests: [], cspViolations: [], errors: [] };
const editor = () => ({ email: DEMO.editor, password: server.demo[DEMO.editor].password });

async function api(method, path, { body, etag } = {}) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (etag) headers['If-Match'] = etag;
  const response = await fetch(new URL(path, base), { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('ETag'), json: text ? JSON.parse(text) : null };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const weekly = (spans) => WEEKDAYS.map((day) => ({ day, opens: '09:00', closes: '15:00', ...spans[day] }));

/** A phone channel with office hours, added for this test through the API. */
async function addPhoneChannel(slug, label) {
  const created = await api('POST', `/api/v1/organisations/${slug}/contact-channels`, {
    body: {
      kind: 'phone',
      label: { de: label, en: null },
      value: '+49 511 1234567',
      visibility: 'partners',
      opening_hours: { weekly: weekly({}), exceptions: [], open_on_public_holidays: false, timezone: 'Europe/Berlin' },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json.id;
}

/** Opens `path` signed out, signs in on the sign-in page it leads to, and waits to be back. */
async function openSignedIn(page, path, lang = 'de') {
  await page.goto(base + path);
  await page.waitForURL(/\/(anmelden|en\/sign-in)\?next=/);
  await signInThroughForm(page, editor(), lang);
  await page.waitForURL(base + path);
}

test('a lost race on an opening time shows the other change, keeps one’s input, and is resolved', async () => {
  const slug = 'kosti';
  const label = 'Telefon Sprechzeiten';
  const channelId = await addPhoneChannel(slug, label);
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await openSignedIn(page, `/konsole/verzeichnis?org=${slug}`);
    await page.getByRole('button', { name: `${label} bearbeiten` }).click();
    const form = page.getByRole('form', { name: `${label} bearbeiten` });
    const monday = form.getByLabel('Montag', { exact: true });
    await monday.waitFor();
    assert.equal(await monday.inputValue(), '09:00–15:00');
    assert.equal(await form.getByLabel('Nur Partnerstellen').isChecked(), true, 'the visibility is shown');
    await monday.fill('08:00–15:00');

    // Meanwhile another editor changes Tuesday, with the version they read.
    const read = await api('GET', `/api/v1/organisations/${slug}/contact-channels/${channelId}`);
    assert.equal(read.status, 200);
    const hours = { ...read.json.opening_hours, weekly: weekly({ tue: { opens: '10:00', closes: '16:00' } }) };
    const other = await api('PATCH', `/api/v1/organisations/${slug}/contact-channels/${channelId}`, {
      body: { opening_hours: hours },
      etag: read.etag,
    });
    assert.equal(other.status, 200, JSON.stringify(other.json));

    await form.getByRole('button', { name: 'Speichern', exact: true }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Jemand hat diesen Eintrag inzwischen geändert' });
    await conflict.waitFor();
    const theirs = conflict.getByRole('table', { name: 'Die andere Änderung' });
    const tuesday = theirs.getByRole('row', { name: /Öffnungszeiten: Dienstag/ });
    assert.match(await tuesday.innerText(), /09:00–15:00\s+10:00–16:00/);
    const mine = conflict.getByRole('table', { name: 'Ihre Eingaben' });
    assert.match(await mine.getByRole('row', { name: /Öffnungszeiten: Montag/ }).innerText(), /09:00–15:00\s+08:00–15:00/);
    assert.equal(await monday.inputValue(), '08:00–15:00', 'one’s own input is kept');
    assert.deepEqual(await axeViolations(page), [], 'the conflict is accessible');
    await page.screenshot({ path: screenshotPath('directory-conflict-de'), fullPage: true });

    await conflict.getByRole('button', { name: 'Meine Eingaben auf die neue Fassung übertragen' }).click();
    assert.equal(await monday.inputValue(), '08:00–15:00');
    assert.equal(await form.getByLabel('Dienstag', { exact: true }).inputValue(), '10:00–16:00', 'the other change is kept');
    await form.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();

    const saved = await api('GET', `/api/v1/organisations/${slug}/contact-channels/${channelId}`);
    const spans = Object.fromEntries(saved.json.opening_hours.weekly.map((s) => [s.day, `${s.opens}-${s.closes}`]));
    assert.equal(spans.mon, '08:00-15:00');
    assert.equal(spans.tue, '10:00-16:00');
    assert.equal(saved.json.opening_hours.open_on_public_holidays, false, 'public holidays still close the channel');
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('an editor confirms an entry as current, and it leaves the list of unconfirmed entries', async () => {
  const slug = 'nfv';
  const { json: before } = await api('GET', `/api/v1/organisations/${slug}`);
  assert.equal(before.assured_at, null);
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await openSignedIn(page, '/konsole/verzeichnis');
    const unconfirmed = page.getByTestId('unconfirmed');
    await unconfirmed.getByRole('link', { name: before.name }).click();
    await page.getByRole('heading', { level: 1, name: before.name }).waitFor();
    await page.getByRole('button', { name: 'Eintrag als aktuell bestätigen' }).click();
    await page.getByRole('status').filter({ hasText: 'Bestätigt am' }).waitFor();
    await page.getByTestId('assured-at').filter({ hasNotText: 'noch nie' }).waitFor();

    const { json: after } = await api('GET', `/api/v1/organisations/${slug}`);
    assert.ok(after.assured_at, 'assured_at is set');
    await page.getByRole('link', { name: 'Zur Übersicht des Verzeichnisses' }).click();
    await page.getByRole('heading', { level: 2, name: 'Seit zwölf Monaten nicht bestätigt' }).waitFor();
    await unconfirmed.getByRole('link').first().waitFor();
    assert.equal(await unconfirmed.getByRole('link', { name: before.name }).count(), 0);
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('an editor adds an internal contact channel the public never sees, records and deletes a relation, and deletes the channel', async () => {
  const slug = 'mk';
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await openSignedIn(page, `/konsole/verzeichnis?org=${slug}`);
    await page.getByRole('button', { name: 'Kontaktweg hinzufügen' }).first().click();
    const form = page.getByRole('form', { name: 'Neuer Kontaktweg' });
    await form.getByLabel('Art', { exact: true }).selectOption('email');
    await form.getByLabel('Bezeichnung (Deutsch)').fill('Interne Abstimmung');
    await form.getByLabel('Bezeichnung (Englisch)').fill('Internal coordination');
    await form.getByLabel('Angabe', { exact: true }).fill('abstimmung@mk.example');
    await form.getByRole('button', { name: 'Kontaktweg hinzufügen' }).click();
    await form.getByRole('alert').filter({ hasText: 'Bitte wählen Sie, wer den Kontaktweg sehen darf.' }).waitFor();
    await form.getByLabel('Nur intern (Mitarbeitende)').check();
    await form.getByRole('button', { name: 'Kontaktweg hinzufügen' }).click();
    await page.getByRole('status').filter({ hasText: 'Der Kontaktweg wurde angelegt.' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Interne Abstimmung' }).getByText('intern', { exact: true }).waitFor();
    const publicView = await (await fetch(`${base}/api/v1/organisations/${slug}/contact-channels`)).json();
    assert.equal(publicView.some((c) => c.value === 'abstimmung@mk.example'), false, 'the public API never shows it');
    const staffView = await api('GET', `/api/v1/organisations/${slug}?lang=en`);
    assert.equal(staffView.json.contact_channels.find((c) => c.value === 'abstimmung@mk.example')?.label, 'Internal coordination');

    await page.getByLabel('Beziehung', { exact: true }).selectOption('funds');
    await page.getByLabel('Organisation', { exact: true }).selectOption('beraten');
    await page.getByRole('button', { name: 'Beziehung eintragen' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Beziehung wurde eingetragen.' }).waitFor();
    const relation = page.getByRole('listitem').filter({ hasText: /fördert beRATen/ });
    await relation.getByRole('button', { name: /löschen$/ }).click();
    await page.getByRole('status').filter({ hasText: 'Die Beziehung wurde gelöscht.' }).waitFor();
    await relation.waitFor({ state: 'detached' });
    const { json } = await api('GET', `/api/v1/organisations/${slug}`);
    assert.equal(json.relations.some((r) => r.kind === 'funds' && r.organisation.slug === 'beraten'), false);

    // Deleting asks once more.
    await page.getByRole('button', { name: 'Interne Abstimmung bearbeiten' }).click();
    await page.getByRole('button', { name: 'Kontaktweg löschen' }).click();
    await page.getByRole('button', { name: 'Ja, löschen' }).click();
    await page.getByRole('status').filter({ hasText: 'Der Kontaktweg wurde gelöscht.' }).waitFor();
    const { json: afterDelete } = await api('GET', `/api/v1/organisations/${slug}`);
    assert.equal(afterDelete.contact_channels.some((c) => c.value === 'abstimmung@mk.example'), false);
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('a message from the public form appears in the inbox, opens from its link, and its status changes with a history', async () => {
  const subject = `Frage zur Beratung ${Date.now()}`;
  const visitor = await guardedPage(browser, base);
  try {
    await visitor.page.goto(`${base}/kontakt/kip-ni`);
    await visitor.page.getByLabel('Betreff', { exact: false }).fill(subject);
    await visitor.page.getByLabel('Ihre Nachricht', { exact: false }).fill('Wie erreiche ich eine Beratungsstelle?');
    await visitor.page.getByLabel('Ich habe den Datenschutzhinweis gelesen', { exact: false }).check();
    await visitor.page.getByRole('button', { name: 'Nachricht senden' }).click();
    await visitor.page.locator('.receipt').waitFor();
  } finally {
    await visitor.context.close();
  }

  const { context, page, problems } = await guardedPage(browser, base);
  try {
    await openSignedIn(page, '/konsole/nachrichten?status=new');
    const row = page.getByRole('row', { name: new RegExp(subject) });
    assert.match(await row.innerText(), /Neu/);
    await row.getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { level: 1, name: `Nachricht: ${subject}` }).waitFor();
    await page.getByText('Wie erreiche ich eine Beratungsstelle?').waitFor();
    const messagePath = new URL(page.url()).pathname;
    assert.match(messagePath, /^\/konsole\/nachrichten\/[0-9a-f-]{36}$/);

    await page.getByLabel('In Bearbeitung', { exact: true }).check();
    await page.getByRole('button', { name: 'Stand speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert. Neuer Stand: In Bearbeitung.' }).waitFor();
    await page.getByRole('region', { name: 'Verlauf des Stands' }).getByText('Neu → In Bearbeitung').waitFor();
    const id = messagePath.split('/').pop();
    const stored = await api('GET', `/api/v1/messages/${id}`);
    assert.equal(stored.json.status, 'in_progress');
    assert.deepEqual(problems, clean);

    // The link of an e-mail notice works when opened directly: sign in, and back to the message.
    const fresh = await guardedPage(browser, base);
    try {
      await openSignedIn(fresh.page, messagePath);
      await fresh.page.getByRole('heading', { level: 1, name: `Nachricht: ${subject}` }).waitFor();
    } finally {
      await fresh.context.close();
    }
  } finally {
    await context.close();
  }
});

for (const lang of ['de', 'en']) {
  test(`directory editor and messages pages (${lang}): axe finds nothing`, async () => {
    const prefix = lang === 'de' ? '/konsole' : '/en/console';
    const [directory, messages] = lang === 'de' ? ['verzeichnis', 'nachrichten'] : ['directory', 'messages'];
    const list = await api('GET', '/api/v1/messages?limit=1');
    assert.ok(list.json.items.length > 0, 'a message to open');
    const { context, page, problems } = await guardedPage(browser, base);
    try {
      await openSignedIn(page, `${prefix}/${directory}`, lang);
      const pages = [
        ['directory', `${prefix}/${directory}`, lang === 'de' ? 'Verzeichnis pflegen' : 'Maintain the directory'],
        ['directory-entry', `${prefix}/${directory}?org=kip-ni`, lang === 'de' ? 'Kompetenzstelle Islamismusprävention Niedersachsen' : 'Lower Saxony Competence Centre for the Prevention of Islamism'],
        ['messages', `${prefix}/${messages}`, lang === 'de' ? 'Nachrichten' : 'Messages'],
        ['message', `${prefix}/${messages}/${list.json.items[0].id}`, new RegExp(lang === 'de' ? '^Nachricht: ' : '^Message: ')],
      ];
      for (const [name, path, heading] of pages) {
        await page.goto(base + path);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        if (name === 'directory-entry') {
          // The channel editor with its opening hours open, and the forms to add entries.
          const edit = page.getByRole('button', { name: lang === 'de' ? /bearbeiten$/ : /^Edit / }).first();
          await edit.click();
          await page.getByRole('checkbox', { name: lang === 'de' ? 'Dieser Kontaktweg hat Öffnungszeiten' : 'This contact channel has opening hours' }).check();
          await page.getByLabel(lang === 'de' ? 'Montag' : 'Monday', { exact: true }).waitFor();
          await page.getByRole('button', { name: lang === 'de' ? 'Kontaktweg hinzufügen' : 'Add a contact channel' }).first().click();
        }
        await page.waitForLoadState('networkidle');
        assert.deepEqual(await axeViolations(page), [], `axe on ${path}`);
        await page.screenshot({ path: screenshotPath(`console-${name}-${lang}`), fullPage: true });
      }
      assert.deepEqual(problems, clean);
    } finally {
      await context.close();
    }
  });
}
