import type { Organisation } from '../api/client';

export function organisation(overrides: Partial<Organisation> = {}): Organisation {
  return {
    id: '00000000-0000-0000-0000-000000000001',
    slug: 'kip-ni',
    name: 'Kompetenzstelle Islamismusprävention Niedersachsen',
    short_name: 'KIP NI',
    kind: 'centre',
    description: 'Bündelt die Zusammenarbeit.',
    parent: null,
    region: '03',
    website: 'https://www.kip.niedersachsen.de',
    founded: 2016,
    founded_by: 'Niedersächsische Landesregierung',
    updated_at: '2026-11-27T10:00:00Z',
    assured_at: null,
    contact_channels: [],
    responsibilities: [],
    relations: [],
    incoming_relations: [],
    ...overrides,
  };
}
