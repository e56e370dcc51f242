// The admin area's logic without React: audit filters in the address, day bounds in Berlin
// time, the details of an audit row as text, and copying a secret to the clipboard.
import type { AuditFilters } from './queries';

/** The audit filters kept in the address, as the form names them. */
export const AUDIT_FIELDS = ['action', 'actor_id', 'object_type', 'object_id', 'outcome', 'from', 'to'] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];
export const OUTCOMES = ['success', 'failure', 'denied'] as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The offset of Europe/Berlin on a day, as `+01:00` or `+02:00`. */
function berlinOffset(utcMillis: number): string {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
    .formatToParts(new Date(utcMillis))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
  return match?.[1] ?? '+00:00';
}

/** The moment a day (YYYY-MM-DD) begins in Berlin, with its offset; null for anything else. */
export function berlinDayStart(day: string, plusDays = 0): string | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays));
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString().slice(0, 10);
  if (plusDays === 0 && iso !== day) return null; // 2026-02-31 is no day
  return `${iso}T00:00:00${berlinOffset(date.getTime())}`;
}

/** The API's query from the address: `from` and `to` are days, `to` inclusive. */
export function auditFiltersFrom(params: URLSearchParams, limit = 50): AuditFilters {
  const text = (name: AuditField, max: number) => {
    const value = params.get(name)?.trim();
    return value ? value.slice(0, max) : undefined;
  };
  const outcome = params.get('outcome') ?? '';
  return {
    action: text('action', 64),
    actor_id: text('actor_id', 64),
    object_type: text('object_type', 64),
    object_id: text('object_id', 128),
    outcome: (OUTCOMES as readonly string[]).includes(outcome) ? outcome : undefined,
    occurred_after: berlinDayStart(params.get('from') ?? '') ?? undefined,
    occurred_before: berlinDayStart(params.get('to') ?? '', 1) ?? undefined,
    limit,
  };
}

/** The address's query from the filter form: only the fields that have a value. */
export function auditParamsFrom(form: FormData): URLSearchParams {
  const next = new URLSearchParams();
  for (const name of AUDIT_FIELDS) {
    const value = String(form.get(name) ?? '').trim();
    if (value) next.set(name, value);
  }
  return next;
}

/** The details of an audit row as `key: value` pairs, nested values as JSON. */
export function detailPairs(details: Record<string, unknown>): [string, string][] {
  return Object.entries(details).map(([key, value]) => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
}

/** What a delivery is about (a referral's reference), read from its payload; never a recipient. */
export function deliveryReference(payload: Record<string, unknown>): string | null {
  for (const key of ['data', 'context']) {
    const part = payload[key];
    if (part && typeof part === 'object' && 'reference' in part) {
      const reference = (part as { reference: unknown }).reference;
      if (typeof reference === 'string') return reference;
    }
  }
  return null;
}

/** The address of the audit log filtered to one actor or one object. */
export function auditFilterLink(filter: { actor_id: string } | { object_type: string; object_id: string }): string {
  return `?${new URLSearchParams(filter)}`;
}

export type CopyResult = 'copied' | 'failed';

/** Copies `text` with the Clipboard API; 'failed' where it is missing or refused. */
export async function copyText(
  text: string,
  clipboard: Pick<Clipboard, 'writeText'> | null = globalThis.navigator?.clipboard ?? null,
): Promise<CopyResult> {
  if (!clipboard) return 'failed';
  try {
    await clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'failed';
  }
}

/** A password the API accepts: 12 to 128 characters. */
export const passwordFits = (password: string) => password.length >= 12 && password.length <= 128;
