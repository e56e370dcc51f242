import { describe, expect, it } from 'vitest';
import { outcomeOf } from './api';
import { channelPatch, organisationDraft, organisationPatch } from './entries';
import { hoursToDraft } from './hours';

const organisation = {
  id: 'o1',
  slug: 'nfv',
  name: 'Netzwerk',
  short_name: null,
  kind: 'network' as const,
  description: 'Beschreibung',
  parent: null,
  region: '03',
  website: null,
  founded: null,
  founded_by: null,
  updated_at: '2026-01-01T00:00:00Z',
  assured_at: null,
  contact_channels: [],
  responsibilities: [],
  relations: [],
  incoming_relations: [],
};

describe('the PATCH body of an organisation', () => {
  const base = organisationDraft({ de: organisation, en: { ...organisation, name: 'Network' }, etag: '"3"' });

  it('holds German and English side by side, an English read equal to German as empty', () => {
    expect(base.name_en).toBe('Network');
    expect(base.description_en).toBe('');
  });

  it('sends only the changed fields, a text always as both languages', () => {
    expect(organisationPatch({ ...base, name_en: 'The network' }, ['name_en'])).toEqual({
      name: { de: 'Netzwerk', en: 'The network' },
    });
  });

  it('sends an emptied optional field as null, and no English text as null', () => {
    expect(organisationPatch({ ...base, region: '', name_en: '' }, ['region', 'name_en'])).toEqual({
      region: null,
      name: { de: 'Netzwerk', en: null },
    });
  });
});

describe('the PATCH body of a contact channel', () => {
  const hours = { weekly: [{ day: 'mon' as const, opens: '09:00', closes: '12:00' }], exceptions: [], open_on_public_holidays: false, timezone: 'Europe/Berlin' as const };

  it('sends the whole opening hours when one day changed, the holidays rule included', () => {
    const draft = { ...hoursToDraft(hours), hours_tue: '10:00–11:00' };
    expect(channelPatch(draft, ['hours_tue'])).toEqual({
      body: {
        opening_hours: {
          weekly: [
            { day: 'mon', opens: '09:00', closes: '12:00' },
            { day: 'tue', opens: '10:00', closes: '11:00' },
          ],
          exceptions: [],
          open_on_public_holidays: false,
          timezone: 'Europe/Berlin',
        },
      },
    });
  });

  it('sends nothing but names the field when a span cannot be read', () => {
    expect(channelPatch({ ...hoursToDraft(hours), hours_mon: 'morgens' }, ['hours_mon'])).toEqual({
      problems: [{ field: 'hours_mon', error: 'format' }],
    });
  });
});

describe('how a write ended', () => {
  const answer = (status: number, headers: Record<string, string> = {}) => ({ response: new Response(null, { status, headers }) });

  it('takes the new ETag of a saved write', () => {
    expect(outcomeOf(answer(200, { ETag: '"4"' }))).toEqual({ kind: 'saved', etag: '"4"' });
  });

  it('tells a stale version (412) from a deleted entry (404)', () => {
    expect(outcomeOf(answer(412)).kind).toBe('conflict');
    expect(outcomeOf(answer(404)).kind).toBe('gone');
  });
});
