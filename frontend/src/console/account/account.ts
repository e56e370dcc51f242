// The account page's calls and rules: second factor, password change, signing out everywhere.
import type { components } from '../../api/schema';
import { ApiError, staffApi, unwrap } from '../../session';
import type { AccountTexts } from './texts';

export type SecondFactorStatus = components['schemas']['SecondFactorStatus'];
export type SecondFactorSetup = components['schemas']['SecondFactorSetup'];

export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 128;

export const statusKey = ['staff', 'second-factor'] as const;

export async function loadStatus(): Promise<SecondFactorStatus> {
  return unwrap(await staffApi.GET('/api/v1/auth/second-factor'));
}

export async function startEnrolment(): Promise<SecondFactorSetup> {
  return unwrap(await staffApi.POST('/api/v1/auth/second-factor/start'));
}

export async function confirmEnrolment(code: string): Promise<string[]> {
  return unwrap(await staffApi.POST('/api/v1/auth/second-factor/confirm', { body: { code } })).recovery_codes;
}

export async function renewRecoveryCodes(password: string): Promise<string[]> {
  return unwrap(await staffApi.POST('/api/v1/auth/second-factor/recovery-codes', { body: { password } })).recovery_codes;
}

async function noContent(result: { error?: unknown; response: Response }): Promise<void> {
  if (!result.response.ok) throw new ApiError(result.response.status, result.error as ApiError['problem']);
}

export async function disableSecondFactor(password: string): Promise<void> {
  await noContent(await staffApi.POST('/api/v1/auth/second-factor/disable', { body: { password } }));
}

export async function changePassword(current: string, next: string): Promise<void> {
  await noContent(
    await staffApi.POST('/api/v1/auth/password', { body: { current_password: current, new_password: next } }),
  );
}

export async function signOutEverywhere(): Promise<void> {
  await noContent(await staffApi.POST('/api/v1/auth/logout-everywhere'));
}

/** The code as typed, without spaces (apps show `123 456`). */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '');
}

/** A TOTP code has six digits. */
export function isCode(code: string): boolean {
  return /^\d{6}$/.test(normaliseCode(code));
}

/** The secret in groups of four, easier to type by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export interface PasswordForm {
  current: string;
  next: string;
  repeat: string;
}

export interface FieldError {
  field: 'password-current' | 'password-next' | 'password-repeat';
  text: string;
}

/** What is wrong with the form before it is sent (the server checks again). */
export function passwordErrors(form: PasswordForm, t: AccountTexts['password']): FieldError[] {
  const errors: FieldError[] = [];
  if (!form.current) errors.push({ field: 'password-current', text: t.currentMissing });
  if ([...form.next].length < MIN_PASSWORD) errors.push({ field: 'password-next', text: t.tooShort });
  else if ([...form.next].length > MAX_PASSWORD) errors.push({ field: 'password-next', text: t.tooLong });
  if (form.next !== form.repeat) errors.push({ field: 'password-repeat', text: t.mismatch });
  return errors;
}

/** The field a refused change names (422 with `errors[].loc`), as an error of the form. */
export function refusedPassword(error: unknown, t: AccountTexts['password']): FieldError[] | string {
  if (!(error instanceof ApiError)) return t.error;
  if (error.status === 429) return t.tooMany;
  if (error.status !== 422) return t.error;
  const fields = (error.problem?.errors ?? []).map((item) => item.loc[item.loc.length - 1]);
  if (fields.includes('current_password')) return [{ field: 'password-current', text: t.currentWrong }];
  if (fields.includes('new_password')) return [{ field: 'password-next', text: t.tooShort }];
  return t.error;
}
