// The duties of a public body's website: legal notice, privacy notice, accessibility statement,
// Leichte Sprache and Gebärdensprache; the footer and header links to them; sitemap.xml and
// robots.txt; and an accessibility statement that claims no more than these tests measure.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { getJson, signIn } from './support/api.mjs';
import { AXE_TAGS, AXE_VERSION, axeViolations, guardedPage, launch, VIEWPORTS } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';
import { startServer } from './support/server.mjs';

const STATEMENT = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../src/legal/accessibility-statement.json'), 'utf8'),
);
const clean = { foreignRequests: [], cspViolations: [], errors: [] };
const NOT_FOUND = /^(Seite nicht gefunden|Page not found)$/;

// What the second server is started with: settings the pages must reflect.
const CONFIGURED = {
  KIPNI_MESSAGE_RETENTION_DAYS: '30',
  KIPNI_RETENTION_DAYS: '400',
  KIPNI_SITE_RESPONSIBLE_PERSON: 'Dr. Erika Beispiel',
  KIPNI_SITE_DATA_PROTECTION_OFFICER: 'Datenschutzbeauftragte der KIP NI, Am Waterlooplatz 11, 30169 Hannover',
};

let server;
let base;
let configured;
let videoDir;
let browser;
before(async () => {
  server = await testServer();
  base = server.baseUrl;
  videoDir = mkdtempSync(join(tmpdir(), 'kipni-dgs-'));
  // Any bytes do for the file server; the captions are real WebVTT.
  writeFileSync(join(videoDir, '01-was-die-kip-ni-ist.webm'), Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
  writeFileSync(
    join(videoDir, '01-was-die-kip-ni-ist.vtt'),
    'WEBVTT Was die KIP NI ist\n\n00:00.000 --> 00:04.000\nDie KIP NI bringt Stellen zusammen.\n',
  );
  configured = await startServer({ ...CONFIGURED, KIPNI_SIGN_LANGUAGE_DIR: videoDir });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await configured?.stop();
  await server?.stop();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
});

async function open(baseUrl, path) {
  const guarded = await guardedPage(browser, baseUrl);
  await guarded.page.goto(baseUrl + path);
  return guarded;
}

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

/** axe and phone/desktop widths with screenshots, as every public page is checked. */
async function checkWidths(page, name) {
  for (const [viewport, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    assert.deepEqual(await axeViolations(page), [], `axe at ${viewport} width`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport} width (${overflow}px too wide)`);
    await page.screenshot({ path: screenshotPath(`${name}-${viewport}`), fullPage: true });
  }
}

const legalData = async (baseUrl) => (await fetch(`${baseUrl}/api/v1/site/legal`)).json();

for (const lang of ['de', 'en']) {
  test(`legal notice (${lang}): the centre's facts, the contact form, what is missing`, async () => {
    const path = lang === 'de' ? '/impressum' : '/en/legal-notice';
    const { context, page, problems } = await open(base, path);
    try {
      await heading(page, lang === 'de' ? 'Impressum' : 'Legal notice');
      const address = page.locator('address');
      await address.getByText('Kompetenzstelle Islamismusprävention Niedersachsen').or(
        address.getByText('Lower Saxony Competence Centre for the Prevention of Islamism'),
      ).waitFor();
      assert.match(await address.innerText(), /Am Waterlooplatz 11\s+30169 Hannover/);
      await page.getByText(lang === 'de' ? '§ 18 Abs. 2 MStV' : '§ 18 (2) MStV').first().waitFor();
      await page.getByText('Niedersächsischen Ministerium für Inneres und Sport').or(page.getByText('Lower Saxony Ministry for the Interior and Sport')).waitFor();
      const contact = page.getByRole('link', { name: lang === 'de' ? '„Nachricht schreiben“' : '“Write a message”' });
      assert.equal(await contact.getAttribute('href'), lang === 'de' ? '/kontakt/kip-ni' : '/en/contact/kip-ni');
      const missing = page.locator('[data-missing="responsible_person"]');
      await missing.getByText('KIPNI_SITE_RESPONSIBLE_PERSON').waitFor();
      await checkWidths(page, `legal-notice-${lang}`);
      assert.deepEqual(problems, clean);
    } finally {
      await context.close();
    }
  });

  test(`privacy notice (${lang}): every processing with the periods the settings give`, async () => {
    const path = lang === 'de' ? '/datenschutz' : '/en/privacy';
    const { context, page, problems } = await open(base, path);
    const data = await legalData(base);
    try {
      await heading(page, lang === 'de' ? 'Datenschutzerklärung' : 'Privacy notice');
      const section = (id) => page.locator(`section#${id}`);
      const daysWord = lang === 'de' ? 'Tage' : 'days';
      await section('kontaktformular').getByText(`${data.retention.message_days} ${daysWord}`).first().waitFor();
      await section('kontaktformular').getByText('AES-256-GCM').waitFor();
      await section('meldungen').getByText(`${data.retention.referral_days} ${daysWord}`).first().waitFor();
      await section('meldungen').getByText('Art. 9').first().waitFor();
      const attempts = data.throttles.sign_in.max_attempts;
      await section('anmeldung').getByText(lang === 'de' ? `Nach ${attempts} Fehlversuchen` : `After ${attempts} failed attempts`).waitFor();
      await section('protokolle').getByText('Request-ID').or(section('protokolle').getByText('request id')).first().waitFor();
      await section('keine-cookies').waitFor();
      await section('ihre-rechte').getByText('Art. 15').waitFor();
      await section('aufsichtsbehoerde').getByText(data.operator.supervisory_authority).waitFor();
      await page.locator('[data-missing="data_protection_officer"]').waitFor();
      assert.equal(await page.title(), `${lang === 'de' ? 'Datenschutzerklärung' : 'Privacy notice'} – KIP NI`);
      const description = await page.locator('meta[name="description"]').getAttribute('content');
      assert.match(description, lang === 'de' ? /DSGVO/ : /GDPR/);
      assert.equal(await page.locator('meta[property="og:title"]').getAttribute('content'), await page.title());
      assert.equal(await page.locator('meta[property="og:description"]').getAttribute('content'), description);
      await checkWidths(page, `privacy-${lang}`);
      assert.deepEqual(problems, clean);
    } finally {
      await context.close();
    }
  });

  test(`accessibility statement (${lang}): the state, date and limitations of the statement file`, async () => {
    const path = lang === 'de' ? '/barrierefreiheit' : '/en/accessibility';
    const { context, page, problems } = await open(base, path);
    const data = await legalData(base);
    try {
      await heading(page, lang === 'de' ? 'Erklärung zur Barrierefreiheit' : 'Accessibility statement');
      const locale = lang === 'de' ? 'de-DE' : 'en-GB';
      const checked = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(
        new Date(`${STATEMENT.last_checked_on}T12:00:00Z`),
      );
      await page.getByText(checked, { exact: false }).first().waitFor();
      await page.getByText(`${STATEMENT.automated_check.tool} ${STATEMENT.automated_check.version}`, { exact: false }).waitFor();
      assert.equal(await page.locator('[data-conformance]').getAttribute('data-conformance'), STATEMENT.conformance);
      for (const limitation of STATEMENT.limitations) await page.getByText(limitation[lang]).waitFor();
      await page.getByText(data.operator.arbitration_body).waitFor();
      await page.getByRole('textbox', { name: lang === 'de' ? 'Betreff' : 'Subject' }).waitFor();
      await page.getByText(lang === 'de' ? 'NBGG' : 'NBGG', { exact: false }).first().waitFor();
      await checkWidths(page, `accessibility-${lang}`);
      assert.deepEqual(problems, clean);
    } finally {
      await context.close();
    }
  });
}

test('Leichte Sprache (German only): big type, explained words, how to write a message, 110', async () => {
  const { context, page, problems } = await open(base, '/leichte-sprache');
  try {
    await heading(page, 'Die KIP NI in Leichter Sprache');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    for (const title of ['Was ist die KIP NI?', 'Was macht die KIP NI?', 'Wer hilft wem?', 'So schreiben Sie eine Nachricht', 'So benutzen Sie diese Internet·seite']) {
      await page.getByRole('heading', { level: 2, name: title }).waitFor();
    }
    await page.getByText('Kompetenz·stelle Islamismus·prävention Nieder·sachsen', { exact: false }).waitFor();
    await page.getByRole('link', { name: '110', exact: true }).waitFor();
    const { message_days: days } = (await legalData(base)).retention;
    await page.getByText(`Die KIP NI löscht Ihre Nachricht nach ${days} Tagen.`).waitFor();
    const size = await page.locator('.easy p').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 20, `Leichte Sprache is set in big type (${size}px)`);
    // One statement per sentence: no paragraph in the running text holds more than two sentences.
    const paragraphs = await page.locator('.easy > section > p').allInnerTexts();
    for (const text of paragraphs) assert.ok((text.match(/[.!?](\s|$)/g) ?? []).length <= 2, `short: ${text}`);
    await checkWidths(page, 'easy-language-de');
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('Gebärdensprache without a configured video says honestly that it is being prepared', async () => {
  const { context, page, problems } = await open(base, '/gebaerdensprache');
  try {
    await heading(page, 'Informationen in Deutscher Gebärdensprache');
    await page.getByRole('heading', { level: 2, name: 'Das Video wird vorbereitet' }).waitFor();
    assert.equal(await page.locator('video').count(), 0);
    await checkWidths(page, 'sign-language-de');
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('Gebärdensprache shows the configured video with WebVTT captions, both served by the service', async () => {
  const { context, page, problems } = await open(configured.baseUrl, '/gebaerdensprache');
  try {
    await heading(page, 'Informationen in Deutscher Gebärdensprache');
    const video = page.locator('figure.sign-video video');
    await video.waitFor();
    await page.locator('figcaption').getByText('Was die KIP NI ist').waitFor();
    const source = await video.locator('source').getAttribute('src');
    const track = video.locator('track[kind="captions"]');
    assert.equal(await track.getAttribute('srclang'), 'de');
    const captions = await fetch(new URL(await track.getAttribute('src'), configured.baseUrl));
    assert.equal(captions.status, 200);
    assert.match(captions.headers.get('content-type'), /^text\/vtt/);
    assert.match(await captions.text(), /^WEBVTT/);
    const file = await fetch(new URL(source, configured.baseUrl));
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'video/webm');
    await checkWidths(page, 'sign-language-video-de');
    assert.deepEqual(problems.foreignRequests, []);
    assert.deepEqual(problems.cspViolations, []);
  } finally {
    await context.close();
  }
});

test('a changed retention setting changes the privacy page with it', async () => {
  const { context, page } = await open(configured.baseUrl, '/datenschutz');
  try {
    await heading(page, 'Datenschutzerklärung');
    const form = page.locator('section#kontaktformular');
    await form.getByText('Nach 30 Tagen löscht der Dienst').waitFor();
    assert.equal(await form.getByText('180 Tage').count(), 0);
    await page.locator('section#meldungen').getByText('400 Tage nach Abschluss', { exact: false }).first().waitFor();
    await page.getByText(CONFIGURED.KIPNI_SITE_DATA_PROTECTION_OFFICER).waitFor();
    assert.equal(await page.locator('[data-missing]').count(), 0);
    await page.goto(`${configured.baseUrl}/impressum`);
    await page.getByText('Dr. Erika Beispiel').waitFor();
    assert.equal(await page.locator('[data-missing]').count(), 0);
  } finally {
    await context.close();
  }
});

test('the accessibility feedback form reaches the staff inbox, marked as accessibility feedback', async () => {
  const { context, page, problems } = await open(base, '/barrierefreiheit');
  const subject = `Barriere ${Date.now()}`;
  try {
    await heading(page, 'Erklärung zur Barrierefreiheit');
    await page.getByLabel('Betreff').fill(subject);
    await page.getByLabel('Ihre Nachricht').fill('Der Kontrast der Fußzeile ist mir zu schwach.');
    await page.getByLabel(/Datenschutzhinweis gelesen/).check();
    await page.getByRole('button', { name: 'Nachricht senden' }).click();
    await page.getByRole('status').filter({ hasText: 'Vielen Dank, Ihre Nachricht ist angekommen.' }).waitFor();
    const receipt = await page.locator('.receipt').innerText();

    const token = await signIn(base);
    const inbox = await getJson(base, '/api/v1/messages?topic=accessibility', token);
    const message = inbox.items.find((item) => item.subject === subject);
    assert.ok(message, `the feedback is in the inbox: ${JSON.stringify(inbox.items)}`);
    assert.equal(message.id, receipt);
    assert.equal(message.topic, 'accessibility');
    assert.equal(message.organisation.slug, 'kip-ni');
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('the contact form links to the privacy section about it', async () => {
  const { context, page } = await open(base, '/kontakt/kip-ni');
  try {
    await page.getByRole('link', { name: /Was mit Ihrer Nachricht geschieht/ }).click();
    await page.waitForURL(`${base}/datenschutz#kontaktformular`);
    await page.getByRole('heading', { level: 2, name: 'Kontaktformular „Nachricht schreiben“' }).waitFor();
    // The section comes into view once the page has its data.
    await page.waitForFunction(() => {
      const top = document.getElementById('kontaktformular')?.getBoundingClientRect().top;
      return top !== undefined && top > -2 && top < 100;
    });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'kontaktformular');
  } finally {
    await context.close();
  }
});

test('the statement claims no more than measured: every page it names is free of axe violations', async () => {
  const check = STATEMENT.automated_check;
  assert.equal(check.tool, 'axe-core');
  assert.equal(check.version, AXE_VERSION, 'the statement names the axe-core version that checks');
  assert.deepEqual(check.rules, AXE_TAGS, 'the statement names the rule sets that are checked');
  assert.deepEqual(check.widths, Object.values(VIEWPORTS).map((size) => size.width));
  const today = new Date().toISOString().slice(0, 10);
  assert.ok(STATEMENT.prepared_on <= STATEMENT.last_checked_on, 'checked after it was prepared');
  assert.ok(STATEMENT.last_checked_on <= today, 'no check is claimed for a day still to come');
  assert.ok(['full', 'partial', 'none'].includes(STATEMENT.conformance));
  if (STATEMENT.conformance === 'full') assert.deepEqual(STATEMENT.limitations, [], 'full conformance has no limitations');
  if (STATEMENT.conformance === 'partial') assert.ok(STATEMENT.limitations.length > 0, 'partial conformance names its limitations');

  // Every public page of the sitemap is covered by the statement.
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const staticPages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
    .map(([, loc]) => new URL(loc).pathname)
    .filter((path) => !/^\/(en\/)?organisations?\/|^\/organisationen\/./.test(path));
  for (const path of staticPages) assert.ok(check.pages.includes(path), `the statement covers ${path}`);

  let violations = 0;
  const { context, page, problems } = await guardedPage(browser, base);
  try {
    for (const path of check.pages) {
      await page.goto(base + path);
      const h1 = page.getByRole('heading', { level: 1 });
      await h1.waitFor();
      assert.doesNotMatch(await h1.innerText(), NOT_FOUND, `${path} is a page`);
      await page.waitForLoadState('networkidle');
      // Every page carries the legal links in its footer and the other ways in at the top.
      const footer = page.locator('footer');
      for (const name of [/^(Impressum|Legal notice)$/, /^(Datenschutz|Privacy)$/, /^(Barrierefreiheit|Accessibility)$/]) {
        await footer.getByRole('link', { name }).waitFor();
      }
      const header = page.locator('header');
      await header.getByRole('link', { name: 'Leichte Sprache' }).waitFor();
      await header.getByRole('link', { name: 'Gebärdensprache' }).waitFor();
      for (const size of Object.values(VIEWPORTS)) {
        await page.setViewportSize(size);
        const found = await axeViolations(page);
        assert.deepEqual(found, [], `${path} at ${size.width} px`);
        violations += found.length;
      }
    }
  } finally {
    await context.close();
  }
  assert.equal(violations, check.violations, 'the statement states the number of violations found');
  assert.deepEqual(problems, clean);
});

test('sitemap.xml lists every public page and every organisation in both languages with hreflang pairs', async () => {
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const entries = new Map(
    [...sitemap.matchAll(/<url>([\s\S]*?)<\/url>/g)].map(([, body]) => [
      new URL(body.match(/<loc>([^<]+)<\/loc>/)[1]).pathname,
      Object.fromEntries([...body.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map(([, l, h]) => [l, new URL(h).pathname])),
    ]),
  );
  let cursor = '';
  const slugs = [];
  do {
    const page = await (await fetch(`${base}/api/v1/organisations?limit=200${cursor && `&cursor=${cursor}`}`)).json();
    slugs.push(...page.items.map((item) => item.slug));
    cursor = page.next_cursor ?? '';
  } while (cursor);
  assert.ok(slugs.length >= 11);
  for (const slug of slugs) {
    const pair = { de: `/organisationen/${slug}`, en: `/en/organisations/${slug}`, 'x-default': `/organisationen/${slug}` };
    assert.deepEqual(entries.get(`/organisationen/${slug}`), pair);
    assert.deepEqual(entries.get(`/en/organisations/${slug}`), pair);
  }
  for (const [de, en] of [
    ['/', '/en/'],
    ['/organisationen', '/en/organisations'],
    ['/zustaendigkeiten', '/en/responsibilities'],
    ['/netzwerk', '/en/network'],
    ['/kontakt/kip-ni', '/en/contact/kip-ni'],
    ['/impressum', '/en/legal-notice'],
    ['/datenschutz', '/en/privacy'],
    ['/barrierefreiheit', '/en/accessibility'],
  ]) {
    assert.equal(entries.get(de)?.en, en, `${de} names its English twin`);
    assert.equal(entries.get(en)?.de, de, `${en} names its German twin`);
  }
  assert.deepEqual(entries.get('/leichte-sprache'), { de: '/leichte-sprache', 'x-default': '/leichte-sprache' });
  assert.ok(entries.has('/gebaerdensprache'));

  const robots = await (await fetch(`${base}/robots.txt`)).text();
  assert.match(robots, new RegExp(`^Sitemap: ${base}/sitemap.xml$`, 'm'));
  assert.match(robots, /^Disallow: \/konsole$/m);
});

test('the organisation and responsibility pages print without navigation or buttons', async () => {
  const { context, page } = await open(base, '/organisationen/kip-ni');
  try {
    await heading(page, 'Kompetenzstelle Islamismusprävention Niedersachsen');
    await page.emulateMedia({ media: 'print' });
    const hidden = (selector) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).display === 'none');
    for (const selector of ['.site-nav', '.site-footer', '.site-tools', '.breadcrumb', '.vcard']) {
      assert.ok(await hidden(selector), `${selector} is not printed`);
    }
    assert.equal(await page.locator('.organisation__layout').evaluate((el) => getComputedStyle(el).display), 'block');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000);
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${base}/zustaendigkeiten`);
    await heading(page, 'Wer ist wofür zuständig?');
    await page.locator('.matrix').waitFor();
    await page.emulateMedia({ media: 'print' });
    assert.ok(await hidden('.site-nav'));
    assert.equal(await page.locator('.table-scroll').evaluate((el) => getComputedStyle(el).overflowX), 'visible');
  } finally {
    await context.close();
  }
});

test('English pages link Leichte Sprache in German, and its language switch leads to the English start page', async () => {
  const { context, page } = await open(base, '/en/privacy');
  try {
    await heading(page, 'Privacy notice');
    const easy = page.locator('header').getByRole('link', { name: 'Leichte Sprache' });
    assert.equal(await easy.getAttribute('lang'), 'de');
    await easy.click();
    await page.waitForURL(`${base}/leichte-sprache`);
    await page.waitForFunction(() => document.documentElement.lang === 'de');
    assert.equal(await page.getByRole('link', { name: 'English' }).getAttribute('href'), '/en/');
  } finally {
    await context.close();
  }
});
