// /konsole/nachrichten: the messages of the contact form for staff with messages:read.
// Filters live in the address (the start page links ?status=new).
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi, unwrap, useSession } from '../../session';
import { useAllOrganisations } from '../directory/queries';
import { formatMoment } from '../format';
import { useStaffPaths } from '../useConsole';
import { AGES, filtersOf, queryOf } from './filters';
import { MESSAGE_STATUSES, MESSAGE_TEXTS, MESSAGE_TOPICS } from './texts';

export function StatusBadge({ status }: { status: keyof (typeof MESSAGE_TEXTS)['de']['status'] }) {
  const m = MESSAGE_TEXTS[useLang()];
  return <span className={`badge${status === 'new' ? ' badge--urgent' : ''}`}>{m.status[status]}</span>;
}

function OrganisationFilter({ value }: { value: string }) {
  const lang = useLang();
  const t = MESSAGE_TEXTS[lang].inbox;
  const all = useAllOrganisations(lang);
  return (
    <div className="field field--inline">
      <label htmlFor="messages-organisation">{t.organisation}</label>
      <select id="messages-organisation" name="organisation" defaultValue={value}>
        <option value="">{t.anyOrganisation}</option>
        {(all.data?.items ?? []).map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function MessagesPage() {
  const lang = useLang();
  const m = MESSAGE_TEXTS[lang];
  const t = m.inbox;
  const to = useStaffPaths();
  const session = useSession();
  const everyOrganisation = session.has('users:manage');
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [now] = useState(() => Date.now());
  const query = useMemo(() => queryOf(filters, now), [params.toString(), now]);
  usePageTitle(t.title);

  const list = useInfiniteQuery({
    queryKey: ['staff', 'messages', 'inbox', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/messages', { params: { query: { ...query, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['status', 'topic', 'organisation', 'age']) {
      const value = String(form.get(key) ?? '');
      if (value && value !== 'any') next.set(key, value);
    }
    setParams(next);
  }

  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form className="filters" onSubmit={apply} aria-label={t.filters} key={params.toString()}>
        <div className="field field--inline">
          <label htmlFor="messages-status">{t.status}</label>
          <select id="messages-status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">{t.anyStatus}</option>
            {MESSAGE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {m.status[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="messages-topic">{t.topic}</label>
          <select id="messages-topic" name="topic" defaultValue={filters.topic ?? ''}>
            <option value="">{t.anyTopic}</option>
            {MESSAGE_TOPICS.map((value) => (
              <option key={value} value={value}>
                {m.topic[value]}
              </option>
            ))}
          </select>
        </div>
        {everyOrganisation && <OrganisationFilter value={filters.organisation ?? ''} />}
        <div className="field field--inline">
          <label htmlFor="messages-age">{t.age}</label>
          <select id="messages-age" name="age" defaultValue={filters.age}>
            {AGES.map((value) => (
              <option key={value} value={value}>
                {t.ages[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t.apply}
          </button>
          {params.toString() && (
            <button type="button" className="button button--secondary" onClick={() => setParams(new URLSearchParams())}>
              {t.reset}
            </button>
          )}
        </div>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="notice" role="status">
          {t.empty}
        </p>
      ) : (
        <>
          <p className="hint" role="status">
            {t.count(items.length, Boolean(list.hasNextPage))}
          </p>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.subject}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.received}</th>
                  <th scope="col">{t.topic}</th>
                  <th scope="col">{t.to}</th>
                  <th scope="col">{t.language}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <Link to={to('message', { id: item.id })}>{item.subject ?? t.erased}</Link>
                    </th>
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                    <td>{formatMoment(item.created_at, lang)}</td>
                    <td>{m.topic[item.topic]}</td>
                    <td>{item.organisation.name}</td>
                    <td>{m.languages[item.language] ?? item.language}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <button type="button" className="button button--secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {t.more}
            </button>
          )}
        </>
      )}
    </>
  );
}
