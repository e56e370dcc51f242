// The public contact form: POST /api/v1/organisations/{slug}/messages (types from the generated schema).
import { api, type MessageCreate, type Organisation, type Problem, type ValidationErrorItem } from '../api/client';
import type { Lang } from '../i18n/routes';

/** What a message is about; `accessibility` marks feedback on barriers of the site. */
export type MessageTopic = NonNullable<MessageCreate['topic']>;
type TypedFields = Omit<MessageCreate, 'topic'>;

/** What the form holds: every field a person types (and the honeypot), as the inputs give it. */
export type MessageDraft = { [K in keyof TypedFields]-?: NonNullable<TypedFields[K]> };

export const EMPTY_DRAFT: MessageDraft = {
  name: '',
  reply_to: '',
  subject: '',
  text: '',
  privacy_consent: false,
  /** Honeypot: people never see it, so anything in it comes from a bot. */
  homepage: '',
};

/** The fields a person sees, in the order the form shows them (the honeypot is not one). */
export type FieldName = Exclude<keyof TypedFields, 'homepage'>;
export const FIELDS: readonly FieldName[] = ['name', 'reply_to', 'subject', 'text', 'privacy_consent'];

/** Bounds of `MessageCreate` in api/messages/schemas.py (counted in characters, after trimming). */
export const MAX_LENGTH = { name: 200, reply_to: 254, subject: 200, text: 5000 } as const;

export type FieldError =
  | { field: FieldName; reason: 'required' | 'email' | 'characters' }
  | { field: FieldName; reason: 'too_long'; max: number }
  /** Refused by the server; `detail` is its message. */
  | { field: FieldName; reason: 'rejected'; detail: string };

export type SendResult =
  | { kind: 'sent'; receipt: string }
  | { kind: 'invalid'; fields: FieldError[]; detail?: string }
  | { kind: 'rate_limited'; retryAt: Date | null; detail?: string }
  | { kind: 'not_accepted'; detail?: string }
  | { kind: 'failed'; detail?: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Control characters: none in one-line fields, only line breaks and tabs in the text.
const CONTROL = /\p{Cc}/u;
const CONTROL_IN_TEXT = /[^\P{Cc}\n\t]/u;
const length = (value: string) => [...value].length;

/** Problems a person must fix before sending, in the order the fields appear. */
export function validate(draft: MessageDraft): FieldError[] {
  const errors: FieldError[] = [];
  const text = (field: keyof typeof MAX_LENGTH, required: boolean, control: RegExp) => {
    const value = draft[field].trim();
    if (required && !value) errors.push({ field, reason: 'required' });
    else if (length(value) > MAX_LENGTH[field]) errors.push({ field, reason: 'too_long', max: MAX_LENGTH[field] });
    else if (control.test(value)) errors.push({ field, reason: 'characters' });
  };
  text('name', false, CONTROL);
  const replyTo = draft.reply_to.trim();
  if (length(replyTo) > MAX_LENGTH.reply_to) errors.push({ field: 'reply_to', reason: 'too_long', max: MAX_LENGTH.reply_to });
  else if (replyTo && !EMAIL.test(replyTo)) errors.push({ field: 'reply_to', reason: 'email' });
  text('subject', true, CONTROL);
  text('text', true, CONTROL_IN_TEXT);
  if (!draft.privacy_consent) errors.push({ field: 'privacy_consent', reason: 'required' });
  return errors;
}

/** The body the API expects: trimmed, with empty optional fields left out. */
export function toRequestBody(draft: MessageDraft, topic: MessageTopic = 'general'): MessageCreate {
  return {
    ...(draft.name.trim() && { name: draft.name.trim() }),
    ...(draft.reply_to.trim() && { reply_to: draft.reply_to.trim() }),
    subject: draft.subject.trim(),
    text: draft.text.trim(),
    privacy_consent: draft.privacy_consent,
    homepage: draft.homepage,
    topic,
  };
}

/** The fields named by a 422's `errors[].loc` (`["body", "subject"]`), one entry per field. */
export function fieldErrorsOf(items: readonly ValidationErrorItem[] | null | undefined): FieldError[] {
  const found = new Map<FieldName, string>();
  for (const { loc, msg } of items ?? []) {
    const [where, field] = loc;
    if (where !== 'body' || !FIELDS.includes(field as FieldName) || found.has(field as FieldName)) continue;
    found.set(field as FieldName, msg);
  }
  return FIELDS.filter((field) => found.has(field)).map((field) => ({
    field,
    reason: 'rejected',
    detail: found.get(field)!,
  }));
}

/** `Retry-After` as a moment: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): Date | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return new Date(now.getTime() + Number(value.trim()) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whether the API takes messages for this organisation: only with a public web form. */
export const acceptsMessages = (organisation: Pick<Organisation, 'contact_channels'>) =>
  organisation.contact_channels.some((channel) => channel.kind === 'web_form' && channel.visibility === 'public');

const asProblem = (error: unknown): Partial<Problem> | undefined =>
  error && typeof error === 'object' ? (error as Partial<Problem>) : undefined;

export async function sendMessage(
  slug: string,
  lang: Lang,
  draft: MessageDraft,
  now = new Date(),
  topic: MessageTopic = 'general',
): Promise<SendResult> {
  let result;
  try {
    result = await api.POST('/api/v1/organisations/{slug}/messages', {
      params: { path: { slug }, query: { lang } },
      body: toRequestBody(draft, topic),
      headers: { Accept: 'application/json, application/problem+json' },
    });
  } catch {
    return { kind: 'failed' };
  }
  const { data, error, response } = result;
  if (response.ok) return { kind: 'sent', receipt: data?.id ?? '' };
  const problem = asProblem(error);
  const detail = problem?.detail ?? undefined;
  switch (response.status) {
    case 404:
      return { kind: 'not_accepted', detail };
    case 422:
      return { kind: 'invalid', fields: fieldErrorsOf(problem?.errors), detail };
    case 429:
      return { kind: 'rate_limited', retryAt: parseRetryAfter(response.headers.get('Retry-After'), now), detail };
    default:
      return { kind: 'failed', detail };
  }
}
