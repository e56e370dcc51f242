// Staff reads and writes of the directory. A staff read returns the entry in one language
// with its version as ETag; the editor reads German and English and sends the ETag back in
// If-Match, so a change based on a stale version is refused (412) instead of overwriting.
import type { ContactChannel, Organisation, Responsibility } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiError, staffApi, type Problem } from '../../session';

type S = components['schemas'];
export type OrganisationOut = Organisation;
export type ChannelOut = ContactChannel;
export type ResponsibilityOut = Responsibility;
/** Opening hours as a write sends them (spans are pairs). */
export type OpeningHoursIn = S['OpeningHours'];
export type OrganisationPatch = S['OrganisationPatch'];
export type ChannelPatch = S['ContactChannelPatch'];
export type ChannelCreate = S['ContactChannelCreate'];
export type ResponsibilityPatch = S['ResponsibilityPatch'];
export type ResponsibilityCreate = S['ResponsibilityCreate'];
export type RelationCreate = S['RelationCreate'];
export type Visibility = S['Visibility'];

/** An entry in both languages and the version both reads showed. */
export interface Bilingual<T> {
  de: T;
  en: T;
  etag: string;
}

type Read<T> = { data?: T; error?: unknown; response: Response };

/** Reads an entry in German and English; repeats once when a write fell between the reads. */
async function bilingual<T>(read: (lang: 'de' | 'en') => Promise<Read<unknown>>): Promise<Bilingual<T>> {
  for (let attempt = 0; ; attempt++) {
    const [de, en] = await Promise.all([read('de'), read('en')]);
    for (const result of [de, en]) {
      if (!result.data) throw new ApiError(result.response.status, result.error as Problem | undefined);
    }
    const etag = de.response.headers.get('ETag');
    if (!etag) throw new ApiError(403, undefined);
    if (etag === en.response.headers.get('ETag') || attempt > 0) return { de: de.data as T, en: en.data as T, etag };
  }
}

export const readOrganisation = (slug: string) =>
  bilingual<OrganisationOut>((lang) => staffApi.GET('/api/v1/organisations/{slug}', { params: { path: { slug }, query: { lang } } }));

export const readChannel = (slug: string, id: string) =>
  bilingual<ChannelOut>((lang) =>
    staffApi.GET('/api/v1/organisations/{slug}/contact-channels/{channel_id}', {
      params: { path: { slug, channel_id: id }, query: { lang } },
    }),
  );

export const readResponsibility = (id: string) =>
  bilingual<ResponsibilityOut>((lang) =>
    staffApi.GET('/api/v1/responsibilities/{responsibility_id}', {
      params: { path: { responsibility_id: id }, query: { lang } },
    }),
  );

/** How a write ended: saved (new ETag), refused as stale (412), gone (404), invalid (422), or failed. */
export type WriteOutcome =
  | { kind: 'saved'; etag: string | null }
  | { kind: 'conflict' }
  | { kind: 'gone' }
  | { kind: 'invalid'; problem: Problem | undefined }
  | { kind: 'failed'; problem: Problem | undefined };

export function outcomeOf(result: { error?: unknown; response: Response }): WriteOutcome {
  const { status, headers } = result.response;
  if (result.response.ok) return { kind: 'saved', etag: headers.get('ETag') };
  if (status === 412) return { kind: 'conflict' };
  if (status === 404) return { kind: 'gone' };
  const problem = result.error as Problem | undefined;
  return status === 422 || status === 409 ? { kind: 'invalid', problem } : { kind: 'failed', problem };
}

const ifMatch = (etag: string) => ({ 'If-Match': etag });

export const patchOrganisation = async (slug: string, etag: string, body: OrganisationPatch) =>
  outcomeOf(await staffApi.PATCH('/api/v1/organisations/{slug}', { params: { path: { slug }, header: ifMatch(etag) }, body }));

export const patchChannel = async (slug: string, id: string, etag: string, body: ChannelPatch) =>
  outcomeOf(
    await staffApi.PATCH('/api/v1/organisations/{slug}/contact-channels/{channel_id}', {
      params: { path: { slug, channel_id: id }, header: ifMatch(etag) },
      body,
    }),
  );

export const deleteChannel = async (slug: string, id: string, etag: string) =>
  outcomeOf(
    await staffApi.DELETE('/api/v1/organisations/{slug}/contact-channels/{channel_id}', {
      params: { path: { slug, channel_id: id }, header: ifMatch(etag) },
    }),
  );

export const createChannel = async (slug: string, body: ChannelCreate) =>
  outcomeOf(await staffApi.POST('/api/v1/organisations/{slug}/contact-channels', { params: { path: { slug } }, body }));

export const patchResponsibility = async (id: string, etag: string, body: ResponsibilityPatch) =>
  outcomeOf(
    await staffApi.PATCH('/api/v1/responsibilities/{responsibility_id}', {
      params: { path: { responsibility_id: id }, header: ifMatch(etag) },
      body,
    }),
  );

export const deleteResponsibility = async (id: string, etag: string) =>
  outcomeOf(
    await staffApi.DELETE('/api/v1/responsibilities/{responsibility_id}', {
      params: { path: { responsibility_id: id }, header: ifMatch(etag) },
    }),
  );

export const createResponsibility = async (body: ResponsibilityCreate) =>
  outcomeOf(await staffApi.POST('/api/v1/responsibilities', { body }));

export const createRelation = async (body: RelationCreate) => outcomeOf(await staffApi.POST('/api/v1/relations', { body }));

/** Deletes a relation at the version a fresh staff read shows (a relation is never changed). */
export async function deleteRelation(id: string): Promise<WriteOutcome> {
  const read = await staffApi.GET('/api/v1/relations/{relation_id}', { params: { path: { relation_id: id } } });
  const etag = read.response.headers.get('ETag');
  if (!read.data || !etag) return outcomeOf(read);
  return outcomeOf(await staffApi.DELETE('/api/v1/relations/{relation_id}', { params: { path: { relation_id: id }, header: ifMatch(etag) } }));
}

/** The field errors of a 422, keyed by the last part of their location (`value`, `name`, …). */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const item of problem?.errors ?? []) {
    const loc = (item.loc ?? []).filter((part) => part !== 'body').map(String);
    const key = loc[0] ?? '';
    if (!errors[key]) errors[key] = item.msg;
  }
  return errors;
}
