// Anchors of the privacy page's sections, so forms can link to the part that concerns them
// (e.g. the referral form: `${pathTo(lang, 'privacy')}#${PRIVACY_SECTIONS.referrals}`).
export const PRIVACY_SECTIONS = {
  controller: 'verantwortliche-stelle',
  noCookies: 'keine-cookies',
  logs: 'protokolle',
  contactForm: 'kontaktformular',
  referrals: 'meldungen',
  signIn: 'anmeldung',
  recipients: 'empfaenger',
  rights: 'ihre-rechte',
  authority: 'aufsichtsbehoerde',
} as const;
export type PrivacySection = keyof typeof PRIVACY_SECTIONS;
