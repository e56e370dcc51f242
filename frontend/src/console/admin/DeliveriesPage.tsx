// /konsole/zustellungen (admins): the outbox of e-mails and webhooks, its dead letters, and
// a retry for each of those. The status filter lives in the address (?status=dead).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi } from '../../session';
import { formatMoment } from '../format';
import { Feedback, problemText, type FeedbackValue } from './Feedback';
import { deliveryReference } from './logic';
import { OUTBOX_KEY, useOutbox, type DeliveryStatus, type OutboxItem } from './queries';
import { ADMIN_TEXTS } from './texts';

const STATUSES: readonly DeliveryStatus[] = ['dead', 'pending', 'sent'];

export default function DeliveriesPage() {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang];
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(raw) ? (raw as DeliveryStatus) : undefined;
  const outbox = useOutbox(status);
  const [feedback, setFeedback] = useState<FeedbackValue>(null);
  const items = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  usePageTitle(t.deliveries.title);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('status') ?? '');
    setParams(value ? new URLSearchParams({ status: value }) : new URLSearchParams());
  }

  return (
    <>
      <h1>{t.deliveries.title}</h1>
      <p>{t.deliveries.intro}</p>
      <form className="filters" onSubmit={apply} aria-label={t.common.filters} key={params.toString()}>
        <div className="field field--inline">
          <label htmlFor="deliveries-status">{t.deliveries.status}</label>
          <select id="deliveries-status" name="status" defaultValue={status ?? ''}>
            <option value="">{t.deliveries.anyStatus}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t.deliveries.statuses[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t.common.apply}
          </button>
        </div>
      </form>
      <Feedback value={feedback} />
      {outbox.isPending ? (
        <Loading />
      ) : outbox.isError ? (
        <LoadError error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : items.length === 0 ? (
        <p className="notice">{t.deliveries.empty}</p>
      ) : (
        <section aria-labelledby="deliveries-list">
          <h2 id="deliveries-list" className="visually-hidden">
            {t.deliveries.caption}
          </h2>
          <p className="hint" role="status">
            {t.deliveries.count(items.length, Boolean(outbox.hasNextPage))}
          </p>
          <DeliveryTable items={items} onResult={setFeedback} />
          {outbox.hasNextPage && (
            <button type="button" className="button button--secondary" onClick={() => void outbox.fetchNextPage()} disabled={outbox.isFetchingNextPage}>
              {t.common.more}
            </button>
          )}
        </section>
      )}
    </>
  );
}

function DeliveryTable({ items, onResult }: { items: OutboxItem[]; onResult: (value: FeedbackValue) => void }) {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang].deliveries;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t.caption}>
      <table className="data-table data-table--compact">
        <caption className="visually-hidden">{t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.event}</th>
            <th scope="col">{t.about}</th>
            <th scope="col">{t.channel}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.attempts}</th>
            <th scope="col">{t.created}</th>
            <th scope="col">{t.lastError}</th>
            <th scope="col">
              <span className="visually-hidden">{ADMIN_TEXTS[lang].users.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className={item.status === 'dead' ? 'row--refused' : undefined}>
              <th scope="row">
                <code>{item.event}</code>
              </th>
              <td className="nowrap">{deliveryReference(item.payload) ?? ''}</td>
              <td>{t.channels[item.channel]}</td>
              <td>
                {item.status === 'dead' ? <span className="badge badge--urgent">{t.statuses.dead}</span> : t.statuses[item.status]}
              </td>
              <td>{item.attempts}</td>
              <td>
                <time dateTime={item.created_at}>{formatMoment(item.created_at, lang)}</time>
              </td>
              <td className="break">{item.last_error ?? ''}</td>
              <td className="nowrap">{item.status === 'dead' && <RetryButton item={item} onResult={onResult} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RetryButton({ item, onResult }: { item: OutboxItem; onResult: (value: FeedbackValue) => void }) {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang];
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function retry() {
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/outbox/{item_id}/retry', { params: { path: { item_id: item.id } } });
      await queryClient.invalidateQueries({ queryKey: OUTBOX_KEY });
      if (result.data) onResult({ kind: 'success', text: t.deliveries.retried });
      else if (result.response.status === 409) onResult({ kind: 'warning', text: t.deliveries.notDead });
      else onResult({ kind: 'error', text: problemText(result.error, t.common.failed) });
    } catch {
      onResult({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <button type="button" className="button button--secondary" onClick={() => void retry()} disabled={busy}>
      {t.deliveries.retry}
      <span className="visually-hidden"> ({item.event}, {formatMoment(item.created_at, lang)})</span>
    </button>
  );
}
