// Each kind of entry as a flat form (Draft) and the PATCH body of the fields changed in it.
import { WEEKDAYS } from '../../lib/openingHours';
import type { Bilingual, ChannelOut, ChannelPatch, OrganisationOut, OrganisationPatch, ResponsibilityOut, ResponsibilityPatch } from './api';
import { dayKey, draftToHours, hoursToDraft, type HoursProblem } from './hours';
import { englishOf, type Draft } from './versioned';

const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const orNull = (value: unknown) => str(value) || null;
const text = (draft: Draft, key: string) => ({ de: str(draft[`${key}_de`]), en: orNull(draft[`${key}_en`]) });
const touched = (changed: readonly string[], ...keys: string[]) => keys.some((key) => changed.includes(key));

export const ADDRESS_KINDS = ['postal_address', 'visiting_address'] as const;
export const isAddressKind = (kind: string) => (ADDRESS_KINDS as readonly string[]).includes(kind);

// Organisations

export function organisationDraft({ de, en }: Bilingual<OrganisationOut>): Draft {
  return {
    name_de: de.name,
    name_en: englishOf(de.name, en.name),
    short_name: de.short_name ?? '',
    kind: de.kind,
    description_de: de.description,
    description_en: englishOf(de.description, en.description),
    website: de.website ?? '',
    region: de.region ?? '',
    parent: de.parent?.slug ?? '',
    founded: de.founded?.toString() ?? '',
    founded_by_de: de.founded_by ?? '',
    founded_by_en: englishOf(de.founded_by, en.founded_by),
  };
}

export function organisationPatch(draft: Draft, changed: readonly string[]): OrganisationPatch {
  const body: OrganisationPatch = {};
  if (touched(changed, 'name_de', 'name_en')) body.name = text(draft, 'name');
  if (touched(changed, 'description_de', 'description_en')) body.description = str(draft.description_de) ? text(draft, 'description') : null;
  if (touched(changed, 'short_name')) body.short_name = orNull(draft.short_name);
  if (touched(changed, 'kind')) body.kind = str(draft.kind) as OrganisationPatch['kind'];
  if (touched(changed, 'website')) body.website = orNull(draft.website);
  if (touched(changed, 'region')) body.region = orNull(draft.region);
  if (touched(changed, 'parent')) body.parent = orNull(draft.parent);
  if (touched(changed, 'founded_by_de', 'founded_by_en')) body.founded_by = str(draft.founded_by_de) ? text(draft, 'founded_by') : null;
  if (touched(changed, 'founded')) body.founded = str(draft.founded) ? Number(str(draft.founded)) : null;
  return body;
}

// Contact channels

export const HOURS_KEYS = ['hours', 'hours_holidays', 'hours_exceptions', ...WEEKDAYS.map(dayKey)];
const ADDRESS_KEYS = ['street', 'postal_code', 'city', 'state', 'country'] as const;

export function channelDraft({ de, en }: Bilingual<ChannelOut>): Draft {
  return {
    kind: de.kind,
    label_de: de.label,
    label_en: englishOf(de.label, en.label),
    value: de.value,
    visibility: de.visibility,
    languages: de.languages.join(', '),
    street: de.address?.street ?? '',
    postal_code: de.address?.postal_code ?? '',
    city: de.address?.city ?? '',
    state: de.address?.state ?? '',
    country: de.address?.country ?? 'DE',
    ...hoursToDraft(de.opening_hours),
  };
}

export function channelAddress(draft: Draft) {
  return isAddressKind(str(draft.kind))
    ? { street: str(draft.street), postal_code: str(draft.postal_code), city: str(draft.city), state: orNull(draft.state), country: str(draft.country) || 'DE' }
    : null;
}

export const channelLanguages = (draft: Draft) =>
  str(draft.languages)
    .split(/[,\s]+/)
    .map((code) => code.toLowerCase())
    .filter(Boolean);

export function channelPatch(draft: Draft, changed: readonly string[]): { body: ChannelPatch } | { problems: HoursProblem[] } {
  const body: ChannelPatch = {};
  if (touched(changed, 'label_de', 'label_en')) body.label = text(draft, 'label');
  if (touched(changed, 'value')) body.value = str(draft.value);
  if (touched(changed, 'visibility')) body.visibility = str(draft.visibility) as ChannelPatch['visibility'];
  if (touched(changed, 'languages')) body.languages = channelLanguages(draft);
  if (touched(changed, ...ADDRESS_KEYS)) body.address = channelAddress(draft);
  if (touched(changed, ...HOURS_KEYS)) {
    const hours = draftToHours(draft);
    if ('problems' in hours) return { problems: hours.problems };
    body.opening_hours = hours.hours;
  }
  return { body };
}

// Responsibilities

export function responsibilityDraft({ de, en }: Bilingual<ResponsibilityOut>): Draft {
  return {
    topic: de.topic.slug,
    role: de.role,
    region: de.region ?? '',
    description_de: de.description,
    description_en: englishOf(de.description, en.description),
  };
}

export function responsibilityPatch(draft: Draft, changed: readonly string[]): ResponsibilityPatch {
  const body: ResponsibilityPatch = {};
  if (touched(changed, 'topic')) body.topic = str(draft.topic);
  if (touched(changed, 'role')) body.role = str(draft.role) as ResponsibilityPatch['role'];
  if (touched(changed, 'region')) body.region = orNull(draft.region);
  if (touched(changed, 'description_de', 'description_en')) body.description = str(draft.description_de) ? text(draft, 'description') : null;
  return body;
}
