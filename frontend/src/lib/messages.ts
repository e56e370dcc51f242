// The public contact form's contract: POST /api/v1/organisations/{slug}/messages.
// The endpoint is not in the generated schema yet, so its shapes are written out here.
import type { Problem } from '../api/client';
import type { Lang } from '../i18n/routes';

export interface MessageDraft {
  name: string;
  reply_to: string;
  subject: string;
  text: string;
  privacy_consent: boolean;
  /** Honeypot: people never see it, so anything in it comes from a bot. */
  homepage: string;
}

export const EMPTY_DRAFT: MessageDraft = {
  name: '',
  reply_to: '',
  subject: '',
  text: '',
  privacy_consent: false,
  homepage: '',
};

export type FieldName = 'subject' | 'text' | 'reply_to' | 'privacy_consent';
const FIELDS: readonly FieldName[] = ['subject', 'text', 'reply_to', 'privacy_consent'];

export type SendResult =
  | { kind: 'sent'; receipt: string }
  | { kind: 'invalid'; fields: FieldName[]; detail?: string }
  | { kind: 'rate_limited'; retryAt: Date | null; detail?: string }
  | { kind: 'not_accepted'; detail?: string }
  | { kind: 'failed'; detail?: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Fields a person must fix before sending, in the order they appear. */
export function validate(draft: MessageDraft): FieldName[] {
  const invalid: Record<FieldName, boolean> = {
    subject: !draft.subject.trim(),
    text: !draft.text.trim(),
    reply_to: Boolean(draft.reply_to.trim()) && !EMAIL.test(draft.reply_to.trim()),
    privacy_consent: !draft.privacy_consent,
  };
  return FIELDS.filter((field) => invalid[field]);
}

/** `Retry-After` as a moment: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): Date | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return new Date(now.getTime() + Number(value.trim()) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export async function sendMessage(slug: string, lang: Lang, draft: MessageDraft, now = new Date()): Promise<SendResult> {
  const body = {
    ...(draft.name.trim() && { name: draft.name.trim() }),
    ...(draft.reply_to.trim() && { reply_to: draft.reply_to.trim() }),
    subject: draft.subject.trim(),
    text: draft.text.trim(),
    privacy_consent: draft.privacy_consent,
    homepage: draft.homepage,
  };
  let response: Response;
  try {
    response = await fetch(`/api/v1/organisations/${encodeURIComponent(slug)}/messages?lang=${lang}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { kind: 'failed' };
  }
  const json = (await response.json().catch(() => null)) as (Problem & { id?: string; receipt?: string }) | null;
  const detail = json?.detail ?? undefined;
  if (response.status === 202 || response.status === 201) {
    return { kind: 'sent', receipt: json?.receipt ?? json?.id ?? '' };
  }
  switch (response.status) {
    case 404:
      return { kind: 'not_accepted', detail };
    case 422:
      return {
        kind: 'invalid',
        fields: FIELDS.filter((field) => json?.errors?.some((e) => e.loc.includes(field))),
        detail,
      };
    case 429:
      return { kind: 'rate_limited', retryAt: parseRetryAfter(response.headers.get('Retry-After'), now), detail };
    default:
      return { kind: 'failed', detail };
  }
}
