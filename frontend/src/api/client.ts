// Typed access to the public API; types come from the generated OpenAPI schema.
import createClient from 'openapi-fetch';
import type { Readable } from 'openapi-typescript-helpers';
import type { components, paths } from './schema';
import type { Lang } from '../i18n/routes';

// The shapes openapi-fetch returns (its Readable<> turns tuples into arrays).
type Schemas = { [K in keyof components['schemas']]: Readable<components['schemas'][K]> };
export type Organisation = Schemas['OrganisationOut'];
export type OrganisationKind = Schemas['OrganisationKind'];
export type ContactChannel = Schemas['ContactChannelOut'];
export type ChannelKind = Schemas['ChannelKind'];
export type OpeningHours = Schemas['OpeningHours'];
export type OrganisationRef = Schemas['OrganisationRef'];
export type RelationKind = Schemas['RelationKind'];
export type Responsibility = Schemas['ResponsibilityOut'];
export type ResponsibilityRole = Schemas['ResponsibilityRole'];
export type Topic = Schemas['TopicOut'];
export type Network = Schemas['NetworkOut'];
export type NetworkNode = Schemas['NetworkNode'];
export type Problem = Schemas['Problem'];
export type ValidationErrorItem = Schemas['ValidationErrorItem'];
export type MessageCreate = Schemas['MessageCreate'];
export type MessageReceipt = Schemas['MessageReceipt'];

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Resolved per call, so tests can stub the global fetch.
  fetch: (request) => globalThis.fetch(request),
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem?: Problem,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

/** The body of a successful answer, or an ApiError carrying the problem document. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new ApiError(result.response.status, result.error as Problem | undefined);
  return result.data;
}

export const vcardUrl = (slug: string, lang: Lang) =>
  `/api/v1/organisations/${encodeURIComponent(slug)}/vcard?lang=${lang}`;
