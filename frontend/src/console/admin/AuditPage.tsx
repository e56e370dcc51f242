// /konsole/protokoll (`audit:read`): the audit log with the API's filters (kept in the address),
// paged by the API's cursor, and the result of verifying its chain.
import { useMemo, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { formatMoment } from '../format';
import { auditFilterLink, auditFiltersFrom, auditParamsFrom, detailPairs, OUTCOMES } from './logic';
import { useAuditEvents, type AuditEvent } from './queries';
import { ADMIN_TEXTS } from './texts';
import { Verification } from './Verification';

export default function AuditPage() {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang];
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => auditFiltersFrom(params), [params]);
  const events = useAuditEvents(filters);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  usePageTitle(t.audit.title);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams(auditParamsFrom(new FormData(event.currentTarget)));
  }

  return (
    <>
      <h1>{t.audit.title}</h1>
      <p>{t.audit.intro}</p>
      <Verification />
      <AuditFilters params={params} onSubmit={apply} onReset={() => setParams(new URLSearchParams())} />
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <LoadError error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <p className="notice">{t.audit.empty}</p>
      ) : (
        <section aria-labelledby="audit-events">
          <h2 id="audit-events" className="visually-hidden">
            {t.audit.caption}
          </h2>
          <p className="hint" role="status">
            {t.audit.count(items.length, Boolean(events.hasNextPage))}
          </p>
          <AuditTable items={items} />
          {events.hasNextPage && (
            <button type="button" className="button button--secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              {t.common.more}
            </button>
          )}
        </section>
      )}
    </>
  );
}

function AuditFilters({
  params,
  onSubmit,
  onReset,
}: {
  params: URLSearchParams;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onReset: () => void;
}) {
  const t = ADMIN_TEXTS[useLang()];
  const text = (name: string, label: string, hint?: string, type = 'text') => (
    <div className="field field--inline">
      <label htmlFor={`audit-${name}`}>{label}</label>
      {hint && (
        <p className="hint" id={`audit-${name}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={`audit-${name}`}
        name={name}
        type={type}
        defaultValue={params.get(name) ?? ''}
        aria-describedby={hint ? `audit-${name}-hint` : undefined}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
  return (
    <form className="filters filters--audit" onSubmit={onSubmit} aria-label={t.common.filters} key={params.toString()}>
      {text('action', t.audit.action, t.audit.actionHint)}
      {text('object_type', t.audit.objectType, t.audit.objectTypeHint)}
      {text('object_id', t.audit.objectId)}
      {text('actor_id', t.audit.actor)}
      <div className="field field--inline">
        <label htmlFor="audit-outcome">{t.audit.outcome}</label>
        <select id="audit-outcome" name="outcome" defaultValue={params.get('outcome') ?? ''}>
          <option value="">{t.audit.anyOutcome}</option>
          {OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {t.audit.outcomes[value]}
            </option>
          ))}
        </select>
      </div>
      {text('from', t.audit.from, undefined, 'date')}
      {text('to', t.audit.to, undefined, 'date')}
      <div className="form-actions">
        <button type="submit" className="button">
          {t.common.apply}
        </button>
        {params.toString() && (
          <button type="button" className="button button--secondary" onClick={onReset}>
            {t.common.reset}
          </button>
        )}
      </div>
    </form>
  );
}

function AuditTable({ items }: { items: AuditEvent[] }) {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang].audit;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t.caption}>
      <table className="data-table data-table--compact">
        <caption className="visually-hidden">{t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.seq}</th>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.action}</th>
            <th scope="col">{t.outcome}</th>
            <th scope="col">{t.who}</th>
            <th scope="col">{t.object}</th>
            <th scope="col">{t.details}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((event) => (
            <tr key={event.id} className={event.outcome === 'success' ? undefined : 'row--refused'}>
              <th scope="row">{event.seq}</th>
              <td>
                <time dateTime={event.occurred_at}>{formatMoment(event.occurred_at, lang)}</time>
              </td>
              <td>
                <span>{t.actions[event.action] ?? event.action}</span>
                <br />
                <code className="muted">{event.action}</code>
              </td>
              <td>{t.outcomes[event.outcome] ?? event.outcome}</td>
              <td>
                {t.actorKinds[event.actor_kind] ?? event.actor_kind}
                {event.actor_id && (
                  <>
                    <br />
                    <Link to={auditFilterLink({ actor_id: event.actor_id })}>
                      <code className="break">{event.actor_id}</code>
                      <span className="visually-hidden"> {t.onlyActor}</span>
                    </Link>
                  </>
                )}
                {event.organisation && <span className="muted"> · {event.organisation}</span>}
              </td>
              <td>
                {event.object_type ?? ''}
                {event.object_id && (
                  <>
                    <br />
                    <Link to={auditFilterLink({ object_type: event.object_type ?? '', object_id: event.object_id })}>
                      <code className="break">{event.object_id}</code>
                      <span className="visually-hidden"> {t.onlyObject}</span>
                    </Link>
                  </>
                )}
              </td>
              <td>
                <Details details={event.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Details({ details }: { details: Record<string, unknown> }) {
  const pairs = detailPairs(details);
  if (!pairs.length) return null;
  return (
    <dl className="audit-details">
      {pairs.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
