// Server state through TanStack Query; every key carries the language.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Responsibility, type Topic } from './client';
import type { Lang } from '../i18n/routes';

export const PAGE_SIZE = 10;

export interface DirectoryFilters {
  q?: string;
  kind?: string;
  topic?: string;
  cursor?: string;
}

export function useOrganisations(lang: Lang, filters: DirectoryFilters) {
  return useQuery({
    queryKey: ['organisations', lang, filters],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v1/organisations', {
          params: {
            query: {
              lang,
              limit: PAGE_SIZE,
              q: filters.q || undefined,
              kind: (filters.kind || undefined) as never,
              topic: filters.topic || undefined,
              cursor: filters.cursor || undefined,
            },
          },
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
      const items: Topic[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/api/v1/topics', { params: { query: { lang, limit: 200, cursor } }, signal }),
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return items.sort((a, b) => a.position - b.position);
    },
  });
}

export function useResponsibilities(lang: Lang) {
  return useQuery({
    queryKey: ['responsibilities', lang],
    queryFn: async ({ signal }) => {
      const items: Responsibility[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/api/v1/responsibilities', { params: { query: { lang, limit: 200, cursor } }, signal }),
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return items;
    },
  });
}

export function useNetwork(lang: Lang) {
  return useQuery({
    queryKey: ['network', lang],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/network', { params: { query: { lang } }, signal })),
  });
}
