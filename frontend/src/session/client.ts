// The typed client for calls that need a session: adds the bearer token, and after a 401
// renews the token once through the refresh cookie and repeats the call.
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { currentToken, renew, validToken } from './tokens';

/** Told when a call found the session gone (the refresh cookie no longer works). */
let onExpired: () => void = () => undefined;
export function setSessionExpiredHandler(handler: () => void): void {
  onExpired = handler;
}

function withToken(request: Request, token: string | null): Request {
  const headers = new Headers(request.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

export async function authorisedFetch(request: Request): Promise<Response> {
  const spare = request.clone();
  const token = await validToken();
  const response = await globalThis.fetch(withToken(request, token));
  if (response.status !== 401) return response;
  // The token expired or was revoked: renew once (another call may have done so already).
  const fresh = currentToken() !== token && currentToken() ? currentToken() : await renew();
  if (!fresh) {
    onExpired();
    return response;
  }
  return globalThis.fetch(withToken(spare, fresh));
}

export const staffApi = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  fetch: authorisedFetch,
});

export { ApiError, unwrap, type Problem } from '../api/client';
