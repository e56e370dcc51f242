// The settings the legal pages state: GET /api/v1/site/legal (public, cacheable).
import { useQuery } from '@tanstack/react-query';
import type { Readable } from 'openapi-typescript-helpers';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type SiteLegal = Readable<components['schemas']['LegalOut']>;
export type RequiredSetting = SiteLegal['missing'][number];
export type SignLanguageVideo = SiteLegal['sign_language_videos'][number];

export function useSiteLegal() {
  return useQuery({
    queryKey: ['site-legal'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/site/legal', { signal })),
  });
}
