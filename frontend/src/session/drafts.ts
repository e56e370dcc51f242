// Unsent form input kept through a reload in sessionStorage (this tab only), under one prefix so
// that signing out removes every draft at once.
const PREFIX = 'kipni.draft.';

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft<T>(name: string): T | null {
  const raw = storage()?.getItem(PREFIX + name);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function saveDraft(name: string, value: unknown): void {
  try {
    storage()?.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the draft just does not survive a reload.
  }
}

export function clearDraft(name: string): void {
  storage()?.removeItem(PREFIX + name);
}

export function clearDrafts(): void {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
}
