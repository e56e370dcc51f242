// The state of one entry's form: what was loaded (base, with its ETag), the person's input
// (draft), and after a 412 the version someone else saved meanwhile, until the person
// re-applies their input to it or discards it.
import { useCallback, useState } from 'react';
import type { Problem } from '../../session';
import type { Bilingual, WriteOutcome } from './api';
import { changedKeys, reapply, type Draft, type DraftValue } from './versioned';

export type Feedback =
  | { kind: 'saved' | 'nothing' | 'reapplied' | 'discarded' | 'failed' | 'gone' }
  | { kind: 'invalid'; problem: Problem | undefined; local?: Record<string, string> };

export interface Conflict {
  current: Draft;
  etag: string;
}

export interface EntryForm {
  base: Draft;
  draft: Draft;
  etag: string;
  conflict: Conflict | null;
  feedback: Feedback | null;
  busy: boolean;
  changed: string[];
  set: (key: string, value: DraftValue) => void;
  /** Sends the changed fields (`write` builds the request); `extra` forces a save without changes (confirm). */
  save: (write: (draft: Draft, changed: string[], etag: string) => Promise<WriteOutcome | Feedback>, force?: boolean) => Promise<boolean>;
  /** After a write elsewhere (a delete) was refused as stale: load the other version and show it. */
  showConflict: () => Promise<void>;
  reapplyMine: () => void;
  discardMine: () => void;
}

export function useEntryForm<T>(
  loaded: Bilingual<T>,
  toDraft: (entry: Bilingual<T>) => Draft,
  reload: () => Promise<Bilingual<T>>,
  onSaved?: () => void,
): EntryForm {
  const [base, setBase] = useState(() => toDraft(loaded));
  const [draft, setDraft] = useState(base);
  const [etag, setEtag] = useState(loaded.etag);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = changedKeys(base, draft);

  const set = useCallback((key: string, value: DraftValue) => setDraft((d) => ({ ...d, [key]: value })), []);

  async function save(write: (draft: Draft, changed: string[], etag: string) => Promise<WriteOutcome | Feedback>, force = false) {
    if (busy) return false;
    if (!force && changed.length === 0) {
      setFeedback({ kind: 'nothing' });
      return false;
    }
    setBusy(true);
    setFeedback(null);
    try {
      const outcome = await write(draft, changed, etag);
      if (outcome.kind === 'saved') {
        const fresh = await reload();
        const next = toDraft(fresh);
        setBase(next);
        setDraft(next);
        setEtag(fresh.etag);
        setConflict(null);
        setFeedback({ kind: 'saved' });
        onSaved?.();
        return true;
      }
      if (outcome.kind === 'conflict') {
        await showConflict();
        return false;
      }
      if (outcome.kind === 'gone') setFeedback({ kind: 'gone' });
      else if (outcome.kind === 'invalid') setFeedback(outcome);
      else setFeedback({ kind: 'failed' });
      return false;
    } catch {
      setFeedback({ kind: 'failed' });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function showConflict() {
    const fresh = await reload();
    setConflict({ current: toDraft(fresh), etag: fresh.etag });
  }

  function reapplyMine() {
    if (!conflict) return;
    setDraft(reapply(base, draft, conflict.current));
    setBase(conflict.current);
    setEtag(conflict.etag);
    setConflict(null);
    setFeedback({ kind: 'reapplied' });
  }

  function discardMine() {
    if (!conflict) return;
    setBase(conflict.current);
    setDraft(conflict.current);
    setEtag(conflict.etag);
    setConflict(null);
    setFeedback({ kind: 'discarded' });
  }

  return { base, draft, etag, conflict, feedback, busy, changed, set, save, showConflict, reapplyMine, discardMine };
}
