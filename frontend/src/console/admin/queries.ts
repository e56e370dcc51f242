// Server state of the admin area. Keys start with 'staff' (signing out drops them all).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import type { Lang } from '../../i18n/routes';
import { staffApi, unwrap } from '../../session';

export type User = components['schemas']['UserOut'];
export type Role = components['schemas']['Role'];
export type ApiClient = components['schemas']['ApiClientOut'];
export type ApiClientWithSecret = components['schemas']['ApiClientWithSecret'];
export type AuditEvent = components['schemas']['AuditEventOut'];
export type AuditVerification = components['schemas']['AuditVerificationOut'];
export type AuditFilters = NonNullable<operations['audit-list_audit_events']['parameters']['query']>;
export type OutboxItem = components['schemas']['OutboxItemOut'];
export type DeliveryStatus = components['schemas']['DeliveryStatus'];

export const ROLES: readonly Role[] = ['partner', 'case_worker', 'coordinator', 'editor', 'admin'];
/** The scopes an API client may hold (the API refuses others). */
export const CLIENT_SCOPES = ['referrals:submit', 'referrals:read-own', 'directory:write'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

export const USERS_KEY = ['staff', 'admin', 'users'] as const;
export const CLIENTS_KEY = ['staff', 'admin', 'api-clients'] as const;
export const OUTBOX_KEY = ['staff', 'admin', 'outbox'] as const;

export function useUsers() {
  return useInfiniteQuery({
    queryKey: USERS_KEY,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/users', { params: { query: { limit: 100, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
}

export function useApiClients() {
  return useInfiniteQuery({
    queryKey: CLIENTS_KEY,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/api-clients', { params: { query: { limit: 100, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
}

/** Organisations to choose from when creating an account (the first 200, by name). */
export function useOrganisationChoices(lang: Lang) {
  return useQuery({
    queryKey: ['staff', 'admin', 'organisation-choices', lang],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/organisations', { params: { query: { limit: 200, lang } }, signal })),
    staleTime: 60_000,
  });
}

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['staff', 'admin', 'audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/audit-events', { params: { query: { ...filters, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
}

export function useAuditVerification() {
  return useQuery({
    queryKey: ['staff', 'admin', 'audit-verification'],
    queryFn: async ({ signal }) => unwrap(await staffApi.GET('/api/v1/audit-events/verification', { signal })),
    staleTime: 0,
  });
}

export function useOutbox(status: DeliveryStatus | undefined) {
  return useInfiniteQuery({
    queryKey: [...OUTBOX_KEY, status ?? 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/outbox', { params: { query: { status, limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
}
