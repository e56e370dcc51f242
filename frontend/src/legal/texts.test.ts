import { duration, LEGAL_TEXTS } from './texts';
import type { SiteLegal } from './queries';

const legal = (retention: Partial<SiteLegal['retention']>): SiteLegal => ({
  operator: {
    responsible_person: null,
    vat_id: null,
    data_protection_officer: null,
    supervisory_authority: 'Aufsicht',
    arbitration_body: 'Schlichtung',
  },
  missing: ['responsible_person', 'data_protection_officer'],
  retention: {
    message_days: 180,
    referral_days: 730,
    idempotency_hours: 48,
    finished_notifications_days: 30,
    refresh_token_days: 14,
    access_token_minutes: 15,
    ...retention,
  },
  throttles: {
    sign_in: { max_attempts: 5, window_seconds: 900 },
    contact_form: { max_attempts: 5, window_seconds: 600 },
    counters_kept_seconds: 3600,
  },
  sign_language_videos: [],
});

const text = (d: SiteLegal, lang: 'de' | 'en', id: string) =>
  LEGAL_TEXTS[lang].privacy
    .sections(d, 'Am Waterlooplatz 11, 30169 Hannover')
    .find((section) => section.id === id)!
    .paragraphs.map((p) => (typeof p === 'string' ? p : p.before + p.link + p.after))
    .join(' ');

describe('the privacy texts', () => {
  it('state the retention periods the settings give', () => {
    expect(text(legal({ message_days: 30 }), 'de', 'kontaktformular')).toContain('Nach 30 Tagen löscht der Dienst');
    expect(text(legal({ message_days: 1 }), 'en', 'kontaktformular')).toContain('After 1 day the service erases');
    expect(text(legal({ referral_days: 400 }), 'de', 'meldungen')).toContain('400 Tage nach Abschluss');
  });

  it('give the same sections in both languages', () => {
    const ids = (lang: 'de' | 'en') => LEGAL_TEXTS[lang].privacy.sections(legal({}), '').map((s) => s.id);
    expect(ids('en')).toEqual(ids('de'));
  });
});

describe('duration', () => {
  it.each([
    [900, 'de', '15 Minuten'],
    [3600, 'de', '1 Stunde'],
    [172_800, 'en', '2 days'],
    [172_800, 'de', '2 Tage'],
    [90, 'en', '90 seconds'],
  ] as const)('%i seconds in %s are %s', (seconds, lang, words) => {
    expect(duration(seconds, lang)).toBe(words);
  });
});
