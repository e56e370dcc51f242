import { GERMAN_ONLY_ROUTES, langOfPath, localiseAppPath, matchRoute, pathTo, twinPath } from './routes';

describe('routes', () => {
  it.each([
    ['/', '/en/'],
    ['/organisationen', '/en/organisations'],
    ['/organisationen/kip-ni', '/en/organisations/kip-ni'],
    ['/zustaendigkeiten', '/en/responsibilities'],
    ['/netzwerk', '/en/network'],
    ['/kontakt/beraten', '/en/contact/beraten'],
    ['/impressum', '/en/legal-notice'],
    ['/datenschutz', '/en/privacy'],
    ['/barrierefreiheit', '/en/accessibility'],
  ])('maps %s to its English twin %s and back', (de, en) => {
    expect(twinPath(de, '', 'en')).toBe(en);
    expect(twinPath(en, '', 'de')).toBe(de);
  });

  it('keeps the query string and tolerates a trailing slash', () => {
    expect(twinPath('/organisationen/', '?q=pr%C3%A4vention&kind=ministry', 'en')).toBe(
      '/en/organisations?q=pr%C3%A4vention&kind=ministry',
    );
    expect(twinPath('/en', '', 'de')).toBe('/');
  });

  it('sends unknown pages to the start page of the other language', () => {
    expect(twinPath('/gibt-es-nicht', '?x=1', 'en')).toBe('/en/');
    expect(twinPath('/en/organisations/a/b', '', 'de')).toBe('/');
  });

  it('has no English twin for the German-only pages, so the switch leads to the English start page', () => {
    expect(twinPath(GERMAN_ONLY_ROUTES.easyLanguage, '', 'en')).toBe('/en/');
    expect(twinPath(GERMAN_ONLY_ROUTES.signLanguage, '', 'en')).toBe('/en/');
    expect(langOfPath(GERMAN_ONLY_ROUTES.signLanguage)).toBe('de');
  });

  it('knows the language of a path', () => {
    expect(langOfPath('/')).toBe('de');
    expect(langOfPath('/en')).toBe('en');
    expect(langOfPath('/en/network')).toBe('en');
    expect(langOfPath('/entwicklung')).toBe('de');
  });

  it('matches slugs and encodes them again', () => {
    expect(matchRoute('/kontakt/kip-ni')).toEqual({ name: 'contact', lang: 'de', params: { slug: 'kip-ni' } });
    expect(matchRoute('/organisationen/')).toEqual({ name: 'directory', lang: 'de', params: {} });
    expect(pathTo('en', 'organisation', { slug: 'a b' })).toBe('/en/organisations/a%20b');
  });

  it('localises app paths from the API, such as web forms', () => {
    expect(localiseAppPath('/kontakt/kip-ni', 'en')).toBe('/en/contact/kip-ni');
    expect(localiseAppPath('/kontakt/kip-ni', 'de')).toBe('/kontakt/kip-ni');
    expect(localiseAppPath('/elsewhere', 'en')).toBe('/elsewhere');
  });
});
