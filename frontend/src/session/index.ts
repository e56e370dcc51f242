// The session module: access token in memory, silent renewal through the refresh cookie,
// the typed API client that adds the bearer token, and the principal with its scopes.
export { staffApi, authorisedFetch, ApiError, unwrap, type Problem } from './client';
export { SignInRefused } from './tokens';
export { SessionProvider, type Principal, type Session, type SessionStatus } from './SessionProvider';
export { useSession } from './useSession';
export { loadDraft, saveDraft, clearDraft, clearDrafts } from './drafts';
