// Direct API calls of the tests, e.g. to check what the browser sent reached the staff inbox.
import assert from 'node:assert/strict';
import { EDITOR } from './server.mjs';

/** A bearer token of the e2e editor (created by `startServer`). */
export async function signIn(baseUrl, { email, password } = EDITOR) {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', username: email, password }),
  });
  assert.equal(response.status, 200, `sign-in as ${email}: ${await response.clone().text()}`);
  const { access_token: token } = await response.json();
  assert.ok(token, 'the sign-in answer carries an access token');
  return token;
}

/** GET `path` with the bearer token; returns the parsed JSON of a 200. */
export async function getJson(baseUrl, path, token) {
  const response = await fetch(new URL(path, baseUrl), {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  assert.equal(response.status, 200, `GET ${path}: ${await response.clone().text()}`);
  return response.json();
}
