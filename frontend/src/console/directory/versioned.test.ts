import { describe, expect, it } from 'vitest';
import { changedKeys, englishOf, otherChanges, ownChanges, reapply } from './versioned';

const base = { name_de: 'Alt', name_en: '', hours_mon: '09:00–15:00', hours_tue: '09:00–15:00' };

describe('a conflict between the own input and another change', () => {
  it('names only the fields the person changed as their input', () => {
    expect(changedKeys(base, { ...base, hours_mon: '08:00–15:00' })).toEqual(['hours_mon']);
  });

  it('shows every field the other change touched, with before and now', () => {
    const current = { ...base, hours_tue: '10:00–16:00' };
    expect(otherChanges(base, current, base)).toEqual([{ key: 'hours_tue', before: '09:00–15:00', now: '10:00–16:00' }]);
  });

  it('shows the own input beside the other change when both touched one field', () => {
    const current = { ...base, hours_mon: '10:00–16:00' };
    const draft = { ...base, hours_mon: '08:00–15:00' };
    expect(otherChanges(base, current, draft)).toEqual([
      { key: 'hours_mon', before: '09:00–15:00', now: '10:00–16:00', mine: '08:00–15:00' },
    ]);
  });

  it('lists the own changes against what was loaded', () => {
    expect(ownChanges(base, { ...base, name_de: 'Neu' })).toEqual([{ key: 'name_de', before: 'Alt', now: 'Neu' }]);
  });

  it('re-applies the own input on the current version and keeps the other change elsewhere', () => {
    const current = { ...base, hours_tue: '10:00–16:00' };
    const draft = { ...base, hours_mon: '08:00–15:00' };
    expect(reapply(base, draft, current)).toEqual({ ...base, hours_mon: '08:00–15:00', hours_tue: '10:00–16:00' });
  });

  it('lets the own input win in a field both changed', () => {
    const current = { ...base, hours_mon: '10:00–16:00' };
    const draft = { ...base, hours_mon: '08:00–15:00' };
    expect(reapply(base, draft, current).hours_mon).toBe('08:00–15:00');
  });

  it('compares lists of exceptions by their content', () => {
    const withList = { x: [{ date: '2026-12-24', closed: true, spans: '', note: '' }] };
    expect(changedKeys(withList, { x: [{ date: '2026-12-24', closed: true, spans: '', note: '' }] })).toEqual([]);
    expect(changedKeys(withList, { x: [] })).toEqual(['x']);
  });
});

describe('English texts', () => {
  it('treats an English read equal to the German one as no English text', () => {
    expect(englishOf('Beratung', 'Beratung')).toBe('');
    expect(englishOf('Beratung', 'Counselling')).toBe('Counselling');
    expect(englishOf('Beratung', null)).toBe('');
  });
});
