// Server state through TanStack Query; every key carries the language.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type OrganisationKind } from './client';
import type { Lang } from '../i18n/routes';

export const PAGE_SIZE = 10;

export interface DirectoryFilters {
  q?: string;
  kind?: OrganisationKind;
  topic?: string;
  cursor?: string;
}

/** Every item of a keyset-paginated list, following `next_cursor`. */
async function collect<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

export function useOrganisations(lang: Lang, filters: DirectoryFilters) {
  return useQuery({
    queryKey: ['organisations', lang, filters],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v1/organisations', {
          params: { query: { lang, limit: PAGE_SIZE, ...filters } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useOrganisation(lang: Lang, slug: string) {
  return useQuery({
    queryKey: ['organisation', lang, slug],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/organisations/{slug}', { params: { path: { slug }, query: { lang } }, signal })),
  });
}

export function useTopics(lang: Lang) {
  return useQuery({
    queryKey: ['topics', lang],
    queryFn: async ({ signal }) => {
      const topics = await collect(async (cursor) =>
        unwrap(await api.GET('/api/v1/topics', { params: { query: { lang, limit: 200, cursor } }, signal })),
      );
      return topics.sort((a, b) => a.position - b.position);
    },
  });
}

export function useResponsibilities(lang: Lang) {
  return useQuery({
    queryKey: ['responsibilities', lang],
    queryFn: ({ signal }) =>
      collect(async (cursor) =>
        unwrap(await api.GET('/api/v1/responsibilities', { params: { query: { lang, limit: 200, cursor } }, signal })),
      ),
  });
}

export function useNetwork(lang: Lang) {
  return useQuery({
    queryKey: ['network', lang],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/network', { params: { query: { lang } }, signal })),
  });
}
