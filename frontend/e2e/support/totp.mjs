// A tiny RFC 6238 TOTP (SHA-1, 30-second steps) for the tests, written against node:crypto so
// that the service's own implementation is checked from outside; and enrolling through the API.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`Not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/**
 * The code of `secret` (base32) at `at` (ms), `stepsAhead` time steps later. One step ahead is
 * still within the drift the service allows, and later than a code used a moment ago.
 */
export function totp(secret, { at = Date.now(), stepsAhead = 0, digits = 6, period = 30 } = {}) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / period) + stepsAhead));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

async function post(baseUrl, path, token, body) {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `POST ${path}: ${await response.clone().text()}`);
  return response.json();
}

/** Enrols an authenticator app for the account through the API: `{ secret, recoveryCodes }`. */
export async function enrolThroughApi(baseUrl, { email, password }) {
  const signedIn = await fetch(new URL('/api/v1/auth/token', baseUrl), {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', username: email, password }),
  });
  assert.equal(signedIn.status, 200, `sign-in as ${email}: ${await signedIn.clone().text()}`);
  const { access_token: token } = await signedIn.json();
  const { secret } = await post(baseUrl, '/api/v1/auth/second-factor/start', token);
  const { recovery_codes: recoveryCodes } = await post(baseUrl, '/api/v1/auth/second-factor/confirm', token, {
    code: totp(secret),
  });
  return { secret, recoveryCodes };
}
