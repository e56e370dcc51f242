// Every public page in both languages: heading, language, accessibility (axe, WCAG 2.1 AA),
// no third-party request, no CSP violation, no overflow on a phone, and screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, guardedPage, launch, VIEWPORTS } from './support/browser.mjs';
import { screenshotPath, testServer } from './support/context.mjs';

const CENTRE = {
  de: 'Kompetenzstelle Islamismusprävention Niedersachsen',
  en: 'Lower Saxony Competence Centre for the Prevention of Islamism',
};
const PAGES = [
  { name: 'start', path: { de: '/', en: '/en/' }, heading: CENTRE },
  {
    name: 'directory',
    path: { de: '/organisationen', en: '/en/organisations' },
    heading: { de: 'Organisationen im Netzwerk', en: 'Organisations in the network' },
  },
  {
    name: 'organisation',
    path: { de: '/organisationen/kip-ni', en: '/en/organisations/kip-ni' },
    heading: CENTRE,
  },
  {
    name: 'responsibilities',
    path: { de: '/zustaendigkeiten', en: '/en/responsibilities' },
    heading: { de: 'Wer ist wofür zuständig?', en: 'Who is responsible for what?' },
  },
  {
    name: 'network',
    path: { de: '/netzwerk', en: '/en/network' },
    heading: { de: 'Das Netzwerk der KIP NI', en: 'The KIP NI network' },
  },
  {
    name: 'contact',
    path: { de: '/kontakt/kip-ni', en: '/en/contact/kip-ni' },
    heading: { de: 'Nachricht an KIP NI', en: 'Message to KIP NI' },
  },
  {
    name: 'contact-no-form',
    path: { de: '/kontakt/mk', en: '/en/contact/mk' },
    heading: { de: 'Nachricht an MK', en: 'Message to MK' },
  },
];

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

async function open(path, options) {
  const guarded = await guardedPage(browser, base, options);
  await guarded.page.goto(base + path);
  return guarded;
}

const clean = { foreignRequests: [], cspViolations: [], errors: [] };

for (const spec of PAGES) {
  for (const lang of ['de', 'en']) {
    test(`${spec.name} page (${lang}): heading, lang, axe, own host only, CSP, phone width`, async () => {
      const { context, page, problems } = await open(spec.path[lang]);
      try {
        await page.getByRole('heading', { level: 1, name: spec.heading[lang], exact: true }).waitFor();
        await page.waitForLoadState('networkidle');
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        for (const [viewport, size] of Object.entries(VIEWPORTS)) {
          await page.setViewportSize(size);
          assert.deepEqual(await axeViolations(page), [], `axe at ${viewport} width`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport} width (${overflow}px too wide)`);
          await page.screenshot({ path: screenshotPath(`${spec.name}-${lang}-${viewport}`), fullPage: true });
        }
        assert.deepEqual(problems, clean);
      } finally {
        await context.close();
      }
    });
  }
}

test('organisation page carries schema.org JSON-LD, a vCard link and its relations', async () => {
  const { context, page, problems } = await open('/organisationen/kip-ni');
  try {
    await page.getByRole('heading', { level: 1, name: CENTRE.de }).waitFor();
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
    assert.equal(blocks.length, 1);
    const data = JSON.parse(blocks[0]);
    assert.equal(data['@type'], 'GovernmentOrganization');
    assert.equal(data.name, CENTRE.de);
    assert.equal(data.address.postalCode, '30169');

    const vcard = await page.getByRole('link', { name: /vCard/ }).getAttribute('href');
    const response = await fetch(new URL(vcard, base));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /text\/vcard/);
    assert.match(await response.text(), /BEGIN:VCARD/);

    const relations = page.getByRole('region', { name: 'Beziehungen im Netzwerk' });
    await relations.getByRole('link', { name: 'Aktion Neustart' }).waitFor();
    await relations.getByRole('link', { name: 'Niedersächsisches Ministerium für Inneres und Sport' }).waitFor();
    assert.deepEqual(problems, clean);
  } finally {
    await context.close();
  }
});

test('the language switch keeps the page and its query', async () => {
  const { context, page } = await open('/organisationen?q=beraten');
  try {
    await page.getByRole('link', { name: 'beRATen e.V.' }).waitFor();
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${base}/en/organisations?q=beraten`);
    await page.getByRole('heading', { level: 1, name: 'Organisations in the network' }).waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.waitForURL(`${base}/organisationen?q=beraten`);
    await page.getByRole('heading', { level: 1, name: 'Organisationen im Netzwerk' }).waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'de');
  } finally {
    await context.close();
  }
});

test('unknown organisations and addresses get a not-found page', async () => {
  const { context, page } = await open('/en/organisations/does-not-exist');
  try {
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByText('This organisation is not in the directory.').waitFor();
    await page.goto(`${base}/gibt-es-nicht`);
    await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
  } finally {
    await context.close();
  }
});

test('the network picture draws every organisation and the list states every relation', async () => {
  const { context, page } = await open('/en/network');
  try {
    const network = await (await fetch(`${base}/api/v1/network?lang=en`)).json();
    await page.getByRole('img', { name: /Network picture/ }).waitFor();
    assert.equal(await page.locator('svg.network .network__node').count(), network.nodes.length);
    assert.equal(await page.locator('svg.network line').count(), network.edges.length);
    assert.equal(await page.locator('.fact-list li').count(), network.edges.length);
    await page.getByText('runs', { exact: false }).first().waitFor();
  } finally {
    await context.close();
  }
});
