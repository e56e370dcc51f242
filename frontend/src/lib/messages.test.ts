import type { ContactChannel } from '../api/client';
import { organisation } from '../test/fixtures';
import { acceptsMessages, EMPTY_DRAFT, fieldErrorsOf, parseRetryAfter, toRequestBody, validate } from './messages';

const fields = (draft: typeof EMPTY_DRAFT) => validate(draft).map((error) => error.field);

describe('validate', () => {
  const ok = { ...EMPTY_DRAFT, subject: 'S', text: 'T', privacy_consent: true };

  it('needs subject, text and consent; the reply address only when given', () => {
    expect(validate(EMPTY_DRAFT)).toEqual([
      { field: 'subject', reason: 'required' },
      { field: 'text', reason: 'required' },
      { field: 'privacy_consent', reason: 'required' },
    ]);
    expect(validate(ok)).toEqual([]);
    expect(validate({ ...ok, reply_to: 'someone@example.org' })).toEqual([]);
    expect(validate({ ...ok, reply_to: 'someone' })).toEqual([{ field: 'reply_to', reason: 'email' }]);
    expect(fields({ ...ok, subject: '   ' })).toEqual(['subject']);
  });

  it('keeps the bounds of the API, counted in characters', () => {
    expect(validate({ ...ok, subject: 'x'.repeat(201) })).toEqual([{ field: 'subject', reason: 'too_long', max: 200 }]);
    expect(validate({ ...ok, subject: '😀'.repeat(200) })).toEqual([]); // 400 UTF-16 units, 200 characters
    expect(validate({ ...ok, name: 'n'.repeat(201) })).toEqual([{ field: 'name', reason: 'too_long', max: 200 }]);
    expect(validate({ ...ok, text: 't'.repeat(5001) })).toEqual([{ field: 'text', reason: 'too_long', max: 5000 }]);
    expect(fields({ ...ok, reply_to: `${'a'.repeat(250)}@example.org` })).toEqual(['reply_to']);
  });

  it('refuses control characters, except line breaks and tabs in the text', () => {
    expect(validate({ ...ok, subject: 'a\tb' })).toEqual([{ field: 'subject', reason: 'characters' }]);
    expect(validate({ ...ok, text: 'line one\n\tline two' })).toEqual([]);
    expect(validate({ ...ok, text: 'bell\u0007' })).toEqual([{ field: 'text', reason: 'characters' }]);
  });
});

describe('toRequestBody', () => {
  it('trims and leaves out empty optional fields, keeping the (empty) honeypot', () => {
    expect(toRequestBody({ ...EMPTY_DRAFT, name: '  ', subject: ' S ', text: 'T\n', privacy_consent: true })).toEqual({
      subject: 'S',
      text: 'T',
      privacy_consent: true,
      homepage: '',
      topic: 'general',
    });
    expect(toRequestBody({ ...EMPTY_DRAFT, name: ' Ana ', reply_to: 'a@example.org ' })).toMatchObject({
      name: 'Ana',
      reply_to: 'a@example.org',
    });
  });

  it('marks accessibility feedback with its topic', () => {
    expect(toRequestBody({ ...EMPTY_DRAFT, subject: 'Kontrast', text: 'Zu hell', privacy_consent: true }, 'accessibility')).toMatchObject({
      topic: 'accessibility',
    });
  });
});

describe('fieldErrorsOf', () => {
  it('maps the body fields of errors[].loc, in form order, once per field', () => {
    expect(
      fieldErrorsOf([
        { loc: ['body', 'subject'], msg: 'String should have at most 200 characters' },
        { loc: ['body', 'reply_to'], msg: 'value is not a valid email address' },
        { loc: ['body', 'subject'], msg: 'second complaint' },
        { loc: ['body', 'homepage'], msg: 'too long' }, // the honeypot is nobody's field
        { loc: ['body', 'extra'], msg: 'Extra inputs are not permitted' },
        { loc: ['query', 'lang'], msg: 'Input should be de or en' },
      ]),
    ).toEqual([
      { field: 'reply_to', reason: 'rejected', detail: 'value is not a valid email address' },
      { field: 'subject', reason: 'rejected', detail: 'String should have at most 200 characters' },
    ]);
    expect(fieldErrorsOf(null)).toEqual([]);
    expect(fieldErrorsOf([{ loc: ['body'], msg: 'JSON decode error' }])).toEqual([]);
  });
});

describe('acceptsMessages', () => {
  const channel = (overrides: Partial<ContactChannel>): ContactChannel => ({
    id: 'c',
    kind: 'web_form',
    label: 'Kontaktformular',
    value: '/kontakt/kip-ni',
    visibility: 'public',
    address: null,
    opening_hours: null,
    languages: ['de'],
    ...overrides,
  });
  it('holds only for organisations with a public web form, as on the server', () => {
    expect(acceptsMessages(organisation({ contact_channels: [channel({})] }))).toBe(true);
    expect(acceptsMessages(organisation({ contact_channels: [channel({ visibility: 'partners' })] }))).toBe(false);
    expect(acceptsMessages(organisation({ contact_channels: [channel({ kind: 'email', value: 'a@example.org' })] }))).toBe(
      false,
    );
    expect(acceptsMessages(organisation({ contact_channels: [] }))).toBe(false);
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
