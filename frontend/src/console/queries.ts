// Server state of the signed-in part. Every key starts with 'staff', so signing out drops it all.
import { useQuery } from '@tanstack/react-query';
import type { components, operations } from '../api/schema';
import { staffApi, unwrap } from '../session';

export type Referral = components['schemas']['ReferralOut'];
export type HistoryEntry = components['schemas']['HistoryEntry'];
export type ReferralStatus = components['schemas']['Status'];
export type Urgency = components['schemas']['Urgency'];
export type ReferralFilters = NonNullable<operations['referrals-list_referrals']['parameters']['query']>;

export function useReferrals(filters: ReferralFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['staff', 'referrals', filters],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/referrals', { params: { query: filters }, signal })),
    enabled: options.enabled ?? true,
    staleTime: 10_000,
  });
}

export function useReferral(id: string) {
  return useQuery({
    queryKey: ['staff', 'referral', id],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/referrals/{referral_id}', { params: { path: { referral_id: id } }, signal })),
    staleTime: 0,
  });
}

export function useReferralHistory(id: string) {
  return useQuery({
    queryKey: ['staff', 'referral-history', id],
    queryFn: async ({ signal }) =>
      unwrap(
        await staffApi.GET('/api/v1/referrals/{referral_id}/history', {
          params: { path: { referral_id: id } },
          signal,
        }),
      ),
    staleTime: 0,
  });
}

export function useNewMessageCount(enabled: boolean) {
  return useQuery({
    queryKey: ['staff', 'messages', { status: 'new' }],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/messages', { params: { query: { status: 'new', limit: 50 } }, signal })),
    enabled,
    staleTime: 10_000,
  });
}
