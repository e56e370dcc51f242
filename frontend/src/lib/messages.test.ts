import { EMPTY_DRAFT, parseRetryAfter, validate } from './messages';

describe('validate', () => {
  it('needs subject, text and consent; the reply address only when given', () => {
    expect(validate(EMPTY_DRAFT)).toEqual(['subject', 'text', 'privacy_consent']);
    const ok = { ...EMPTY_DRAFT, subject: 'S', text: 'T', privacy_consent: true };
    expect(validate(ok)).toEqual([]);
    expect(validate({ ...ok, reply_to: 'someone@example.org' })).toEqual([]);
    expect(validate({ ...ok, reply_to: 'someone' })).toEqual(['reply_to']);
    expect(validate({ ...ok, subject: '   ' })).toEqual(['subject']);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('90', now)).toEqual(new Date('2026-11-27T12:01:30Z'));
    expect(parseRetryAfter('Fri, 27 Nov 2026 13:00:00 GMT', now)).toEqual(new Date('2026-11-27T13:00:00Z'));
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
