import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Bilingual, WriteOutcome } from './api';
import { useEntryForm } from './useEntryForm';
import type { Draft } from './versioned';

type Entry = { mon: string; tue: string };
const version = (etag: string, entry: Entry): Bilingual<Entry> => ({ de: entry, en: entry, etag });
const toDraft = (loaded: Bilingual<Entry>): Draft => ({ ...loaded.de });

/** A server holding one entry with a version, refusing writes on a stale one as the API does. */
function fakeServer(initial: Entry) {
  let stored = version('"1"', initial);
  return {
    read: async () => stored,
    otherEditorWrites: (change: Partial<Entry>) => {
      stored = version(`"${Number(stored.etag.replaceAll('"', '')) + 1}"`, { ...stored.de, ...change });
    },
    write: async (draft: Draft, changed: string[], etag: string): Promise<WriteOutcome> => {
      if (etag !== stored.etag) return { kind: 'conflict' };
      const change = Object.fromEntries(changed.map((key) => [key, String(draft[key])]));
      stored = version(`"${Number(etag.replaceAll('"', '')) + 1}"`, { ...stored.de, ...change });
      return { kind: 'saved', etag: stored.etag };
    },
    get stored() {
      return stored;
    },
  };
}

describe('the form of an entry through a lost race', () => {
  it('keeps the input on a 412, shows the other version, and saves both after re-applying', async () => {
    const server = fakeServer({ mon: '09:00–15:00', tue: '09:00–15:00' });
    const { result } = renderHook(() => useEntryForm(version('"1"', server.stored.de), toDraft, server.read));
    act(() => result.current.set('mon', '08:00–15:00'));
    server.otherEditorWrites({ tue: '10:00–16:00' });

    await act(() => result.current.save(server.write));
    expect(result.current.conflict?.current).toEqual({ mon: '09:00–15:00', tue: '10:00–16:00' });
    expect(result.current.draft.mon).toBe('08:00–15:00');

    act(() => result.current.reapplyMine());
    expect(result.current.conflict).toBeNull();
    expect(result.current.draft).toEqual({ mon: '08:00–15:00', tue: '10:00–16:00' });
    expect(result.current.changed).toEqual(['mon']);

    await act(() => result.current.save(server.write));
    expect(result.current.feedback).toEqual({ kind: 'saved' });
    expect(server.stored.de).toEqual({ mon: '08:00–15:00', tue: '10:00–16:00' });
    expect(result.current.etag).toBe(server.stored.etag);
  });

  it('loads the other version and drops the input when the person discards it', async () => {
    const server = fakeServer({ mon: '09:00–15:00', tue: '09:00–15:00' });
    const { result } = renderHook(() => useEntryForm(version('"1"', server.stored.de), toDraft, server.read));
    act(() => result.current.set('mon', '08:00–15:00'));
    server.otherEditorWrites({ mon: '07:00–12:00' });
    await act(() => result.current.save(server.write));

    act(() => result.current.discardMine());
    expect(result.current.draft).toEqual({ mon: '07:00–12:00', tue: '09:00–15:00' });
    expect(result.current.changed).toEqual([]);
  });

  it('sends nothing when nothing changed, unless asked to (confirming as current)', async () => {
    const server = fakeServer({ mon: '', tue: '' });
    const { result } = renderHook(() => useEntryForm(version('"1"', server.stored.de), toDraft, server.read));
    expect(await act(() => result.current.save(server.write))).toBe(false);
    expect(result.current.feedback).toEqual({ kind: 'nothing' });
    expect(await act(() => result.current.save(server.write, true))).toBe(true);
    expect(server.stored.etag).toBe('"2"');
  });
});
