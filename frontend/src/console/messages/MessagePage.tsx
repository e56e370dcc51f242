// /konsole/nachrichten/{id}: one message of the contact form and its status. E-mail notices
// link here, so it works when opened directly (after signing in it returns here).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { components } from '../../api/schema';
import { isNotFound, LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi, unwrap } from '../../session';
import { formatMoment } from '../format';
import { useStaffPaths, useStaffRoute } from '../useConsole';
import { StatusBadge } from './MessagesPage';
import { MESSAGE_STATUSES, MESSAGE_TEXTS, type MessageStatus } from './texts';

type Message = components['schemas']['MessageOut'];
const messageKey = (id: string) => ['staff', 'message', id];
const historyKey = (id: string) => ['staff', 'message-history', id];

export default function MessagePage() {
  const lang = useLang();
  const m = MESSAGE_TEXTS[lang];
  const t = m.message;
  const to = useStaffPaths();
  const id = useStaffRoute().params.id ?? '';
  const message = useQuery({
    queryKey: messageKey(id),
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/messages/{message_id}', { params: { path: { message_id: id } }, signal })),
    staleTime: 0,
    retry: (count, error) => !isNotFound(error) && count < 2,
  });
  usePageTitle(message.data ? t.title(message.data.subject ?? t.untitled) : t.untitled);
  const back = (
    <p>
      <Link to={to('messages')}>{t.back}</Link>
    </p>
  );

  if (message.isPending) return <Loading />;
  if (message.isError)
    return isNotFound(message.error) || (message.error as { status?: number }).status === 422 ? (
      <>
        {back}
        <h1>{t.untitled}</h1>
        <p>{t.notFound}</p>
      </>
    ) : (
      <LoadError error={message.error} onRetry={() => void message.refetch()} />
    );
  const item = message.data;
  return (
    <>
      {back}
      <h1>{t.title(item.subject ?? t.untitled)}</h1>
      <div className="case-layout">
        <div className="case-layout__main">
          <MessageBody item={item} />
        </div>
        <div className="case-layout__side">
          <StatusForm item={item} />
          <StatusHistory item={item} />
        </div>
      </div>
    </>
  );
}

function MessageBody({ item }: { item: Message }) {
  const lang = useLang();
  const m = MESSAGE_TEXTS[lang];
  const t = m.message;
  return (
    <>
      <section aria-labelledby="message-facts">
        <h2 id="message-facts">{t.facts}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t.status}</dt>
            <dd>
              <StatusBadge status={item.status} />
            </dd>
          </div>
          <div>
            <dt>{t.received}</dt>
            <dd>{formatMoment(item.created_at, lang)}</dd>
          </div>
          <div>
            <dt>{t.updated}</dt>
            <dd>{formatMoment(item.updated_at, lang)}</dd>
          </div>
          <div>
            <dt>{t.to}</dt>
            <dd>{item.organisation.name}</dd>
          </div>
          <div>
            <dt>{t.topic}</dt>
            <dd>{m.topic[item.topic]}</dd>
          </div>
          <div>
            <dt>{t.language}</dt>
            <dd>{m.languages[item.language] ?? item.language}</dd>
          </div>
          {!item.erased && (
            <>
              <div>
                <dt>{t.from}</dt>
                <dd>{item.name ?? t.anonymous}</dd>
              </div>
              <div>
                <dt>{t.replyTo}</dt>
                <dd>{item.reply_to ? <a href={`mailto:${item.reply_to}`}>{item.reply_to}</a> : t.noReply}</dd>
              </div>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="message-text">
        <h2 id="message-text">{t.text}</h2>
        {item.erased ? (
          <p className="notice">{t.erased}</p>
        ) : (
          <p className="prewrap" lang={item.language}>
            {item.text}
          </p>
        )}
      </section>
    </>
  );
}

type Feedback = { kind: 'saved' | 'same' | 'error'; text: string } | null;

function StatusForm({ item }: { item: Message }) {
  const lang = useLang();
  const m = MESSAGE_TEXTS[lang];
  const t = m.message;
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<MessageStatus>(item.status);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (feedback) ref.current?.focus();
  }, [feedback]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (status === item.status) return setFeedback({ kind: 'same', text: t.same });
    setBusy(true);
    try {
      const result = await staffApi.PATCH('/api/v1/messages/{message_id}', {
        params: { path: { message_id: item.id } },
        body: { status },
      });
      if (result.data) {
        setFeedback({ kind: 'saved', text: t.saved(m.status[result.data.status]) });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: messageKey(item.id) }),
          queryClient.invalidateQueries({ queryKey: historyKey(item.id) }),
          queryClient.invalidateQueries({ queryKey: ['staff', 'messages'] }),
        ]);
      } else setFeedback({ kind: 'error', text: t.failed });
    } catch {
      setFeedback({ kind: 'error', text: t.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="message-status">
      <h2 id="message-status">{t.change}</h2>
      {feedback && (
        <div
          ref={ref}
          tabIndex={-1}
          role={feedback.kind === 'error' ? 'alert' : 'status'}
          className={`notice ${feedback.kind === 'saved' ? 'notice--success' : feedback.kind === 'error' ? 'notice--error' : ''}`}
        >
          <p>{feedback.text}</p>
        </div>
      )}
      <form onSubmit={(event) => void submit(event)} className="status-form">
        <fieldset>
          <legend>{t.newStatus}</legend>
          <ul className="choices">
            {MESSAGE_STATUSES.map((value) => (
              <li key={value} className="choice">
                <input type="radio" id={`message-status-${value}`} name="status" checked={status === value} onChange={() => setStatus(value)} />
                <label htmlFor={`message-status-${value}`}>{m.status[value]}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
      </form>
    </section>
  );
}

function StatusHistory({ item }: { item: Message }) {
  const lang = useLang();
  const m = MESSAGE_TEXTS[lang];
  const t = m.message;
  const history = useQuery({
    queryKey: historyKey(item.id),
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/messages/{message_id}/history', { params: { path: { message_id: item.id } }, signal })),
    staleTime: 0,
  });
  return (
    <section aria-labelledby="message-history">
      <h2 id="message-history">{t.history}</h2>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <LoadError error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <ol className="timeline">
          <li>
            <p className="timeline__when">
              <time dateTime={item.created_at}>{formatMoment(item.created_at, lang)}</time>
            </p>
            <p>
              <strong>{t.historyReceived}</strong>
            </p>
          </li>
          {history.data.map((change, index) => (
            <li key={`${change.occurred_at}-${index}`}>
              <p className="timeline__when">
                <time dateTime={change.occurred_at}>{formatMoment(change.occurred_at, lang)}</time>
              </p>
              <p>
                <strong>
                  {change.from_status ? t.historyChange(m.status[change.from_status], m.status[change.to_status]) : m.status[change.to_status]}
                </strong>
              </p>
            </li>
          ))}
          {history.data.length === 0 && <li className="muted">{t.historyNone}</li>}
        </ol>
      )}
    </section>
  );
}
