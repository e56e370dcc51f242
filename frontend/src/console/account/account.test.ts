import { ApiError } from '../../session';
import { groupSecret, isCode, passwordErrors, refusedPassword } from './account';
import { ACCOUNT_TEXTS } from './texts';

const t = ACCOUNT_TEXTS.de.password;

describe('account page rules', () => {
  it('groups the key in fours for typing by hand', () => {
    expect(groupSecret('ABCDEFGHIJKLMNOPQR')).toBe('ABCD EFGH IJKL MNOP QR');
  });

  it('takes six digits as a code, with the space apps show', () => {
    expect(isCode('123 456')).toBe(true);
    expect(isCode('12345')).toBe(false);
    expect(isCode('abcdef')).toBe(false);
  });

  it('asks for the current password and a long enough new one that is repeated', () => {
    const errors = passwordErrors({ current: '', next: 'short', repeat: 'other' }, t);
    expect(errors.map((error) => error.field)).toEqual(['password-current', 'password-next', 'password-repeat']);
  });

  it('finds nothing wrong with a complete form', () => {
    expect(passwordErrors({ current: 'old one', next: 'a new long password', repeat: 'a new long password' }, t)).toEqual([]);
  });

  it('counts characters, not UTF-16 units, for the length', () => {
    expect(passwordErrors({ current: 'x', next: '😀'.repeat(11), repeat: '😀'.repeat(11) }, t)).toHaveLength(1);
  });

  it('names the current password when the server refused it', () => {
    const refused = new ApiError(422, {
      type: '/problems/validation',
      title: 'Invalid',
      status: 422,
      errors: [{ loc: ['body', 'current_password'], msg: 'The current password is not correct.' }],
    } as never);
    expect(refusedPassword(refused, t)).toEqual([{ field: 'password-current', text: t.currentWrong }]);
  });

  it('says to wait when the attempts were throttled', () => {
    expect(refusedPassword(new ApiError(429), t)).toBe(t.tooMany);
  });
});
