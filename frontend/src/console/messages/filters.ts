// The inbox filters as the address keeps them (?status=new&topic=…&age=7) and the query the
// API takes for them.
import type { operations } from '../../api/schema';
import { MESSAGE_STATUSES, MESSAGE_TOPICS, type MessageStatus, type MessageTopic } from './texts';

export const AGES = ['any', '1', '7', '30'] as const;
export type Age = (typeof AGES)[number];
export type MessageQuery = NonNullable<operations['messages-list_messages']['parameters']['query']>;

export interface MessageFilters {
  status?: MessageStatus;
  topic?: MessageTopic;
  organisation?: string;
  age: Age;
}

const DAY = 86_400_000;
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

/** Reads the filters from the address; unknown values are ignored rather than sent. */
export function filtersOf(params: URLSearchParams): MessageFilters {
  const organisation = params.get('organisation') ?? '';
  return {
    status: oneOf(MESSAGE_STATUSES, params.get('status')),
    topic: oneOf(MESSAGE_TOPICS, params.get('topic')),
    organisation: /^[a-z0-9][a-z0-9-]*$/.test(organisation) ? organisation : undefined,
    age: oneOf(AGES, params.get('age')) ?? 'any',
  };
}

/** The API query of the filters; `now` fixes "the last n days". */
export function queryOf(filters: MessageFilters, now: number): MessageQuery {
  return {
    status: filters.status,
    topic: filters.topic,
    organisation: filters.organisation,
    created_after: filters.age === 'any' ? undefined : new Date(now - Number(filters.age) * DAY).toISOString(),
    limit: 50,
  };
}
