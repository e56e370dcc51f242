import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { Organisation } from '../api/client';
import { useOrganisation } from '../api/queries';
import { ChannelList } from '../components/ChannelList';
import { Icon } from '../components/Icon';
import { isNotFound, Loading, LoadError } from '../components/QueryState';
import type { Texts } from '../i18n/texts';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { formatWait } from '../lib/format';
import {
  acceptsMessages,
  EMPTY_DRAFT,
  sendMessage,
  validate,
  type FieldError,
  type FieldName,
  type MessageDraft,
  type MessageTopic,
  type SendResult,
} from '../lib/messages';
import { PRIVACY_SECTIONS } from '../legal/sections';
import { usePageTitle } from '../lib/usePageTitle';
import { NotFoundPage } from './NotFoundPage';

type Status = { kind: 'idle' } | { kind: 'sending' } | SendResult;

function fieldLabel(field: FieldName, t: Texts): string {
  const labels: Record<FieldName, string> = {
    name: t.contact.name,
    reply_to: t.contact.replyTo,
    subject: t.contact.subject,
    text: t.contact.text,
    privacy_consent: t.contact.privacyTitle,
  };
  return labels[field];
}

/** What to tell a person about a field, in the page's language. */
export function describeError(error: FieldError, t: Texts): string {
  const label = fieldLabel(error.field, t);
  switch (error.reason) {
    case 'required':
      return t.contact.errors.required[error.field];
    case 'email':
      return t.contact.errors.email;
    case 'too_long':
      return t.contact.errors.tooLong(label, new Intl.NumberFormat(t.locale).format(error.max));
    case 'characters':
      return t.contact.errors.characters(label);
    case 'rejected':
      return `${t.contact.errors.rejected(label)} ${error.detail}`;
  }
}

function ErrorLinks({ errors, href }: { errors: FieldError[]; href: (field: FieldName) => string }) {
  const t = useTexts();
  return (
    <ul>
      {errors.map((error) => (
        <li key={error.field}>
          <a href={href(error.field)}>{describeError(error, t)}</a>
        </li>
      ))}
    </ul>
  );
}

function Field(props: {
  id: string;
  label: string;
  optional?: boolean;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const t = useTexts();
  const describedBy = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field ${props.error ? 'field--error' : ''}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.optional && <span className="muted"> ({t.contact.optional})</span>}
      </label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="field__error">
          {props.error}
        </p>
      )}
      {props.children(describedBy || undefined)}
    </div>
  );
}

function ServerError({
  status,
  href,
}: {
  status: Exclude<SendResult, { kind: 'sent' }>;
  href: (field: FieldName) => string;
}) {
  const t = useTexts();
  let message: string;
  switch (status.kind) {
    case 'not_accepted':
      message = t.contact.notAccepted;
      break;
    case 'rate_limited': {
      const wait = status.retryAt && formatWait(status.retryAt, new Date(), t);
      message = wait ? t.contact.tooMany(wait) : t.contact.tooManyLater;
      break;
    }
    case 'invalid':
      message = status.fields.length ? t.contact.invalid : t.contact.failed;
      break;
    case 'failed':
      message = t.contact.failed;
  }
  return (
    <div className="notice notice--error" role="alert">
      <h2>{t.contact.failedTitle}</h2>
      <p>{message}</p>
      {status.kind === 'invalid' && status.fields.length > 0 && <ErrorLinks errors={status.fields} href={href} />}
      {status.detail && <p className="muted">{status.detail}</p>}
    </div>
  );
}

export function MessageForm({ slug, topic = 'general' }: { slug: string; topic?: MessageTopic }) {
  const t = useTexts();
  const lang = useLang();
  const to = usePaths();
  const id = useId();
  const [draft, setDraft] = useState<MessageDraft>(EMPTY_DRAFT);
  const [invalid, setInvalid] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const summary = useRef<HTMLDivElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const fieldId = (name: keyof MessageDraft) => `${id}-${name}`;
  const href = (name: FieldName) => `#${fieldId(name)}`;
  const errorOf = (name: FieldName) => {
    const error = invalid.find((e) => e.field === name);
    return error && describeError(error, t);
  };
  const isInvalid = (name: FieldName) => invalid.some((e) => e.field === name) || undefined;
  const set = <K extends keyof MessageDraft>(name: K, value: MessageDraft[K]) =>
    setDraft((current) => ({ ...current, [name]: value }));

  useEffect(() => {
    if (invalid.length && status.kind === 'idle') summary.current?.focus();
  }, [invalid, status.kind]);
  useEffect(() => {
    if (status.kind !== 'idle' && status.kind !== 'sending') result.current?.focus();
  }, [status]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = validate(draft);
    setInvalid(problems);
    if (problems.length) {
      setStatus({ kind: 'idle' });
      return;
    }
    setStatus({ kind: 'sending' });
    const outcome = await sendMessage(slug, lang, draft, new Date(), topic);
    if (outcome.kind === 'invalid') setInvalid(outcome.fields);
    setStatus(outcome);
  };

  if (status.kind === 'sent') {
    return (
      <div className="notice notice--success" role="status" tabIndex={-1} ref={result}>
        <h2>
          <Icon name="check" size={24} />
          {t.contact.successTitle}
        </h2>
        {status.receipt && (
          <>
            <p className="receipt-line">
              {t.contact.receipt}:<br />
              <strong className="receipt">{status.receipt}</strong>
            </p>
            <p>{t.contact.receiptHint}</p>
          </>
        )}
      </div>
    );
  }

  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      {invalid.length > 0 && status.kind === 'idle' && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={summary}>
          <h2>{t.contact.errorSummary}</h2>
          <ErrorLinks errors={invalid} href={href} />
        </div>
      )}
      {status.kind !== 'idle' && status.kind !== 'sending' && (
        <div tabIndex={-1} ref={result}>
          <ServerError status={status} href={href} />
        </div>
      )}

      <Field id={fieldId('name')} label={t.contact.name} optional error={errorOf('name')}>
        {(describedBy) => (
          <input
            id={fieldId('name')}
            name="name"
            autoComplete="name"
            value={draft.name}
            aria-invalid={isInvalid('name')}
            aria-describedby={describedBy}
            onChange={(e) => set('name', e.target.value)}
          />
        )}
      </Field>
      <Field id={fieldId('reply_to')} label={t.contact.replyTo} optional error={errorOf('reply_to')}>
        {(describedBy) => (
          <input
            id={fieldId('reply_to')}
            name="reply_to"
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={draft.reply_to}
            aria-invalid={isInvalid('reply_to')}
            aria-describedby={describedBy}
            onChange={(e) => set('reply_to', e.target.value)}
          />
        )}
      </Field>
      <Field id={fieldId('subject')} label={t.contact.subject} error={errorOf('subject')}>
        {(describedBy) => (
          <input
            id={fieldId('subject')}
            name="subject"
            required
            value={draft.subject}
            aria-invalid={isInvalid('subject')}
            aria-describedby={describedBy}
            onChange={(e) => set('subject', e.target.value)}
          />
        )}
      </Field>
      <Field id={fieldId('text')} label={t.contact.text} hint={t.contact.textHint} error={errorOf('text')}>
        {(describedBy) => (
          <textarea
            id={fieldId('text')}
            name="text"
            required
            rows={8}
            value={draft.text}
            aria-invalid={isInvalid('text')}
            aria-describedby={describedBy}
            onChange={(e) => set('text', e.target.value)}
          />
        )}
      </Field>

      <div className="hp" aria-hidden="true">
        <label htmlFor={fieldId('homepage')}>{t.contact.honeypot}</label>
        <input
          id={fieldId('homepage')}
          name="homepage"
          tabIndex={-1}
          autoComplete="off"
          value={draft.homepage}
          onChange={(e) => set('homepage', e.target.value)}
        />
      </div>

      <section className="privacy" aria-labelledby={`${id}-privacy`}>
        <h2 id={`${id}-privacy`}>{t.contact.privacyTitle}</h2>
        <p>
          {t.contact.privacy}{' '}
          <Link to={`${to('privacy')}#${PRIVACY_SECTIONS.contactForm}`}>{t.contact.privacyLink}</Link>
        </p>
      </section>
      <div className={`field checkbox ${isInvalid('privacy_consent') ? 'field--error' : ''}`}>
        {errorOf('privacy_consent') && (
          <p id={`${fieldId('privacy_consent')}-error`} className="field__error">
            {errorOf('privacy_consent')}
          </p>
        )}
        <input
          id={fieldId('privacy_consent')}
          name="privacy_consent"
          type="checkbox"
          required
          checked={draft.privacy_consent}
          aria-invalid={isInvalid('privacy_consent')}
          aria-describedby={errorOf('privacy_consent') && `${fieldId('privacy_consent')}-error`}
          onChange={(e) => set('privacy_consent', e.target.checked)}
        />
        <label htmlFor={fieldId('privacy_consent')}>{t.contact.consent}</label>
      </div>

      <button type="submit" className="button button--large" disabled={status.kind === 'sending'}>
        <Icon name="message" />
        {status.kind === 'sending' ? t.contact.sending : t.contact.send}
      </button>
    </form>
  );
}

/** For organisations the API takes no messages for: where to turn instead. */
function NoWebForm({ organisation }: { organisation: Organisation }) {
  const t = useTexts();
  const to = usePaths();
  const name = organisation.short_name ?? organisation.name;
  const channels = organisation.contact_channels.filter((channel) => channel.visibility === 'public');
  return (
    <>
      <div className="notice" role="status">
        <h2>
          <Icon name="alert" size={24} />
          {t.contact.noFormTitle}
        </h2>
        <p>{t.contact.noForm(name)}</p>
      </div>
      <section className="section" aria-labelledby="no-form-channels">
        <h2 id="no-form-channels">{channels.length ? t.contact.noFormChannels(name) : t.contact.noFormNoChannels(name)}</h2>
        {channels.length > 0 && <ChannelList channels={channels} />}
        <p>
          <Link to={to('organisation', { slug: organisation.slug })}>{t.contact.toOrganisation(name)}</Link>
        </p>
      </section>
      {organisation.slug !== 'kip-ni' && (
        <>
          <p>{t.contact.writeToCentre}</p>
          <p>
            <Link className="button button--secondary" to={to('contact', { slug: 'kip-ni' })}>
              <Icon name="message" />
              {t.nav.write}
            </Link>
          </p>
        </>
      )}
    </>
  );
}

export default function ContactPage() {
  const t = useTexts();
  const { slug = '' } = useParams();
  const query = useOrganisation(useLang(), slug);
  const title = query.data && t.contact.title(query.data.short_name ?? query.data.name);
  usePageTitle(title);

  if (query.isPending) return <Loading />;
  if (isNotFound(query.error)) return <NotFoundPage text={t.organisation.notFound} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <div className="narrow">
      <h1>{title}</h1>
      {acceptsMessages(query.data) ? (
        <>
          <p className="lead">{t.contact.intro}</p>
          <p className="notice notice--warning">
            <Icon name="alert" />
            <span>{t.contact.notUrgent}</span>
          </p>
          <MessageForm slug={slug} />
        </>
      ) : (
        <NoWebForm organisation={query.data} />
      )}
    </div>
  );
}
