// The access token lives in this module's memory only: never in storage, never in a URL.
// The refresh token is an HttpOnly cookie (path /api/v1/auth) that the browser sends by itself,
// so a reload renews the session silently through `POST /api/v1/auth/refresh`.
import type { components } from '../api/schema';
import { ApiError, type Problem } from '../api/client';
import { parseRetryAfter } from '../lib/messages';
import { clearDrafts } from './drafts';

export type TokenResponse = components['schemas']['TokenResponse'];

interface Held {
  token: string;
  expiresAt: number;
}

let held: Held | null = null;
let renewal: Promise<string | null> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(token: string | null) => void>();

/** Renew this long before the access token expires. */
const EARLY_MS = 60_000;

/** Called with the new token, or null when the session ended (signed out or expired). */
export function onTokenChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function hold(response: TokenResponse | null): string | null {
  clearTimeout(timer);
  held = response ? { token: response.access_token, expiresAt: Date.now() + response.expires_in * 1000 } : null;
  if (held) {
    const wait = Math.max(held.expiresAt - Date.now() - EARLY_MS, 5_000);
    timer = setTimeout(() => void renew(), wait);
  }
  const token = held?.token ?? null;
  listeners.forEach((listener) => listener(token));
  return token;
}

export function currentToken(): string | null {
  return held && held.expiresAt > Date.now() ? held.token : null;
}

/** Several tabs share one refresh cookie, and a rotated refresh token must never be sent twice. */
async function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request('kipni-session-refresh', work) : work();
}

async function problemOf(response: Response): Promise<Problem | undefined> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return undefined;
  }
}

/**
 * Exchanges the refresh cookie for a new access token; null when there is no session (any more).
 * Concurrent callers share one request.
 */
export function renew(): Promise<string | null> {
  renewal ??= oneAtATime(async () => {
    const response = await globalThis.fetch('/api/v1/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (response.ok) return hold((await response.json()) as TokenResponse);
    if (response.status === 400 || response.status === 401) return hold(null);
    throw new ApiError(response.status, await problemOf(response));
  }).finally(() => {
    renewal = null;
  });
  return renewal;
}

/** A valid access token, renewed first when it is about to expire; null without a session. */
export async function validToken(): Promise<string | null> {
  if (held && held.expiresAt - Date.now() > 5_000) return held.token;
  return held || renewal ? renew() : null;
}

export interface Credentials {
  email: string;
  password: string;
  /** A code of the authenticator app or a recovery code, when the account has a second factor. */
  otp?: string;
}

/** A refused sign-in: the problem document, and when a throttled one may be tried again. */
export class SignInRefused extends ApiError {
  constructor(
    status: number,
    problem: Problem | undefined,
    readonly retryAt: Date | null,
  ) {
    super(status, problem);
  }

  /** The OAuth `error` code (e.g. `invalid_grant`, `second_factor_required`). */
  get code(): string | undefined {
    return (this.problem as { error?: string } | undefined)?.error;
  }
}

/** `grant_type=password`; throws SignInRefused with the problem document when refused. */
export async function signInWithPassword({ email, password, otp }: Credentials): Promise<TokenResponse> {
  const form = new URLSearchParams({ grant_type: 'password', username: email, password });
  if (otp) form.set('otp', otp);
  const response = await globalThis.fetch('/api/v1/auth/token', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    body: form,
  });
  if (!response.ok) {
    const retryAt = parseRetryAfter(response.headers.get('Retry-After'), new Date());
    throw new SignInRefused(response.status, await problemOf(response), retryAt);
  }
  const body = (await response.json()) as TokenResponse;
  hold(body);
  return body;
}

/** Adopts tokens another endpoint issued (e.g. after enrolling a second factor). */
export function adoptTokens(body: TokenResponse): void {
  hold(body);
}

/** Ends the session on the server (access token and refresh cookie) and forgets everything local. */
export async function signOut(): Promise<void> {
  const token = currentToken();
  try {
    await globalThis.fetch('/api/v1/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } finally {
    forget();
  }
}

/** Forgets the session locally (drafts included), e.g. after the server ended it everywhere. */
export function forget(): void {
  clearDrafts();
  hold(null);
}

/** For tests: start from nothing. */
export function resetForTests(): void {
  clearTimeout(timer);
  held = null;
  renewal = null;
  listeners.clear();
}
