// Server state of the directory editor (every key starts with 'staff', so signing out drops it).
// The lists are public pages the browser may keep for a minute; the editor revalidates them
// (`no-cache`), so an entry just confirmed or renamed shows at once.
import { useQuery } from '@tanstack/react-query';
import { staffApi, unwrap } from '../../session';
import { readOrganisation, type OrganisationOut } from './api';

const PAGE = 200;
/** Enough for the network's directory; the overview says when there are more. */
const MAX_PAGES = 10;

/** Every organisation (names in the language shown), page by page. */
export function useAllOrganisations(lang: 'de' | 'en') {
  return useQuery({
    queryKey: ['staff', 'directory', 'all', lang],
    queryFn: async ({ signal }) => {
      const items: OrganisationOut[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = unwrap(
          await staffApi.GET('/api/v1/organisations', { params: { query: { limit: PAGE, cursor, lang } }, signal, cache: 'no-cache' }),
        );
        items.push(...result.items);
        cursor = result.next_cursor ?? undefined;
        if (!cursor) return { items, complete: true };
      }
      return { items, complete: false };
    },
    staleTime: 0,
  });
}

export function useOrganisationSearch(q: string, lang: 'de' | 'en') {
  return useQuery({
    queryKey: ['staff', 'directory', 'search', q, lang],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/organisations', { params: { query: { q, limit: 50, lang } }, signal, cache: 'no-cache' })),
    enabled: q.trim().length > 0,
  });
}

export const organisationKey = (slug: string) => ['staff', 'directory', 'organisation', slug];

export function useEditedOrganisation(slug: string) {
  return useQuery({ queryKey: organisationKey(slug), queryFn: () => readOrganisation(slug), staleTime: 0, retry: false });
}

export function useTopics(lang: 'de' | 'en') {
  return useQuery({
    queryKey: ['staff', 'directory', 'topics', lang],
    queryFn: async ({ signal }) => unwrap(await staffApi.GET('/api/v1/topics', { params: { query: { lang } }, signal })),
  });
}
