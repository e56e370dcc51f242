import { homeFor, matchStaffRoute, mayUse, safeReturnPath, staffPath, STAFF_ROUTES, type StaffRouteName } from './routes';

describe('staff routes', () => {
  it('registers every route with a German path and an English twin under /en/', () => {
    for (const name of Object.keys(STAFF_ROUTES) as StaffRouteName[]) {
      expect(STAFF_ROUTES[name].en.startsWith('/en/')).toBe(true);
      expect(STAFF_ROUTES[name].de.startsWith('/en/')).toBe(false);
    }
  });

  it('keeps the paths e-mails link to', () => {
    expect(matchStaffRoute('/konsole/meldungen/abc')).toEqual({ name: 'referral', lang: 'de', params: { id: 'abc' } });
    expect(matchStaffRoute('/portal/meldungen/abc')?.name).toBe('portalReferral');
    expect(matchStaffRoute('/konsole/nachrichten/abc')?.name).toBe('message');
  });

  it('reads the new-referral form as a page, not as a referral called "neu"', () => {
    expect(matchStaffRoute('/portal/meldungen/neu')?.name).toBe('portalNew');
    expect(matchStaffRoute('/en/portal/referrals/new')).toEqual({ name: 'portalNew', lang: 'en', params: {} });
  });

  it('builds the twin of a page in the other language', () => {
    const match = matchStaffRoute('/konsole/meldungen/42')!;
    expect(staffPath('en', match.name, match.params)).toBe('/en/console/referrals/42');
    expect(staffPath('de', 'account')).toBe('/konto');
  });

  it('knows nothing outside the staff part', () => {
    expect(matchStaffRoute('/organisationen')).toBeNull();
    expect(matchStaffRoute('/konsole/unbekannt/1/2')).toBeNull();
  });

  it('lets scopes decide who may use a page', () => {
    const partner = ['referrals:submit', 'referrals:read-own'];
    expect(mayUse('portalNew', partner)).toBe(true);
    expect(mayUse('referrals', partner)).toBe(false);
    expect(mayUse('console', partner)).toBe(false);
    expect(mayUse('referrals', ['referrals:read-assigned'])).toBe(true);
    expect(mayUse('audit', ['referrals:read-all'])).toBe(false);
    expect(mayUse('account', [])).toBe(true);
    expect(mayUse('account', null)).toBe(false);
    expect(mayUse('signIn', null)).toBe(true);
  });

  it('sends partners to the portal and staff to the console after signing in', () => {
    expect(homeFor(['referrals:submit', 'referrals:read-own'])).toBe('portal');
    expect(homeFor(['directory:write', 'messages:read'])).toBe('console');
  });

  it('returns only to pages of this app after signing in', () => {
    expect(safeReturnPath('/konsole/meldungen/1?x=1')).toBe('/konsole/meldungen/1?x=1');
    expect(safeReturnPath('//evil.example/konsole')).toBeNull();
    expect(safeReturnPath('https://evil.example/')).toBeNull();
    expect(safeReturnPath('/\\evil.example')).toBeNull();
    expect(safeReturnPath('/anmelden')).toBeNull();
    expect(safeReturnPath('/organisationen')).toBeNull();
    expect(safeReturnPath(null)).toBeNull();
  });
});
