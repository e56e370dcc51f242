import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useOrganisation } from '../api/queries';
import { Icon } from '../components/Icon';
import { isNotFound, Loading, LoadError } from '../components/QueryState';
import { useLang, useTexts } from '../i18n/useLang';
import { formatWait } from '../lib/format';
import { EMPTY_DRAFT, sendMessage, validate, type FieldName, type MessageDraft, type SendResult } from '../lib/messages';
import { usePageTitle } from '../lib/usePageTitle';
import { NotFoundPage } from './NotFoundPage';

type Status = { kind: 'idle' } | { kind: 'sending' } | SendResult;

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

function ServerError({ status }: { status: Exclude<SendResult, { kind: 'sent' }> }) {
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
      message = t.contact.invalid;
      break;
    case 'failed':
      message = t.contact.failed;
  }
  return (
    <div className="notice notice--error" role="alert">
      <h2>{t.contact.failedTitle}</h2>
      <p>{message}</p>
      {status.detail && <p className="muted">{status.detail}</p>}
    </div>
  );
}

export function MessageForm({ slug }: { slug: string }) {
  const t = useTexts();
  const lang = useLang();
  const id = useId();
  const [draft, setDraft] = useState<MessageDraft>(EMPTY_DRAFT);
  const [invalid, setInvalid] = useState<FieldName[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const summary = useRef<HTMLDivElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const fieldId = (name: keyof MessageDraft) => `${id}-${name}`;
  const errorOf = (name: FieldName) => (invalid.includes(name) ? t.contact.errors[name] : undefined);
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
    const outcome = await sendMessage(slug, lang, draft);
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
          <p>
            {t.contact.receipt}: <strong className="receipt">{status.receipt}</strong>
            <br />
            {t.contact.receiptHint}
          </p>
        )}
      </div>
    );
  }

  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      {invalid.length > 0 && status.kind === 'idle' && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={summary}>
          <h2>{t.contact.errorSummary}</h2>
          <ul>
            {invalid.map((name) => (
              <li key={name}>
                <a href={`#${fieldId(name)}`}>{t.contact.errors[name]}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.kind !== 'idle' && status.kind !== 'sending' && (
        <div tabIndex={-1} ref={result}>
          <ServerError status={status} />
        </div>
      )}

      <Field id={fieldId('name')} label={t.contact.name} optional>
        {(describedBy) => (
          <input
            id={fieldId('name')}
            name="name"
            autoComplete="name"
            value={draft.name}
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
            aria-invalid={invalid.includes('reply_to') || undefined}
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
            aria-invalid={invalid.includes('subject') || undefined}
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
            aria-invalid={invalid.includes('text') || undefined}
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
        <p>{t.contact.privacy}</p>
      </section>
      <div className={`field checkbox ${invalid.includes('privacy_consent') ? 'field--error' : ''}`}>
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
          aria-invalid={invalid.includes('privacy_consent') || undefined}
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
      <p className="lead">{t.contact.intro}</p>
      <p className="notice notice--warning">
        <Icon name="alert" />
        <span>{t.contact.notUrgent}</span>
      </p>
      <MessageForm slug={slug} />
    </div>
  );
}
