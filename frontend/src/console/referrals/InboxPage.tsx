// /konsole/meldungen: the inbox of coordinators (all referrals) and case workers (their
// programme's). Filters live in the address; acute referrals come first and are marked.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi, unwrap, useSession } from '../../session';
import { formatDay } from '../format';
import type { Referral, ReferralFilters, ReferralStatus, Urgency } from '../queries';
import { REFERRAL_TEXTS, statusLabel } from '../referralTexts';
import { useStaffPaths } from '../useConsole';
import { REFERRAL_CONSOLE_TEXTS } from './texts';
import { ALL_STATUSES } from './workflow';

const AGES = ['any', '1', '7', '30'] as const;
type Age = (typeof AGES)[number];
const URGENCIES: readonly Urgency[] = ['acute', 'urgent', 'routine'];
const DAY = 86_400_000;

function since(age: Age, now: number): string | undefined {
  return age === 'any' ? undefined : new Date(now - Number(age) * DAY).toISOString();
}

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const r = REFERRAL_TEXTS[useLang()];
  if (urgency === 'routine') return <span className="badge">{r.urgencyShort.routine}</span>;
  return <span className={`badge badge--${urgency}`}>{r.urgencyShort[urgency]}</span>;
}

function ReferralTable({ items, caption, acute }: { items: Referral[]; caption: string; acute?: boolean }) {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].inbox;
  const r = REFERRAL_TEXTS[lang];
  const to = useStaffPaths();
  const now = Date.now();
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.reference}</th>
            <th scope="col">{t.urgency}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.received}</th>
            <th scope="col">{t.open}</th>
            <th scope="col">{t.from}</th>
            <th scope="col">{t.assignee}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className={acute || item.urgency === 'acute' ? 'row--acute' : undefined}>
              <th scope="row">
                <Link to={to('referral', { id: item.id })}>{item.reference}</Link>
              </th>
              <td>
                <UrgencyBadge urgency={item.urgency} />
              </td>
              <td>{statusLabel(r, item.status)}</td>
              <td>{formatDay(item.created_at, lang)}</td>
              <td>{t.days(Math.max(0, Math.floor((now - Date.parse(item.created_at)) / DAY)))}</td>
              <td>{item.submitted_by.name}</td>
              <td>{item.assignee?.name ?? t.nobody}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function InboxPage() {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].inbox;
  const r = REFERRAL_TEXTS[lang];
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const status = (ALL_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ReferralStatus) : undefined;
  const urgency = (URGENCIES as readonly string[]).includes(params.get('urgency') ?? '') ? (params.get('urgency') as Urgency) : undefined;
  const age: Age = (AGES as readonly string[]).includes(params.get('age') ?? '') ? (params.get('age') as Age) : 'any';
  const [now] = useState(() => Date.now());
  const filters = useMemo<ReferralFilters>(
    () => ({ status, urgency, created_after: since(age, now), limit: 50 }),
    [status, urgency, age, now],
  );
  usePageTitle(t.title);

  // Acute referrals first, in a list of their own (unless the filter asks for one urgency).
  const acute = useQuery({
    queryKey: ['staff', 'referrals', 'acute', filters],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/referrals', { params: { query: { ...filters, urgency: 'acute', limit: 200 } }, signal })),
    enabled: urgency === undefined,
    staleTime: 0,
  });
  const list = useInfiniteQuery({
    queryKey: ['staff', 'referrals', 'inbox', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/referrals', { params: { query: { ...filters, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
  const acuteItems = urgency === undefined ? (acute.data?.items ?? []) : [];
  const rest = (list.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (item) => urgency !== undefined || item.urgency !== 'acute',
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['status', 'urgency', 'age']) {
      const value = String(form.get(key) ?? '');
      if (value && value !== 'any') next.set(key, value);
    }
    setParams(next);
  }

  return (
    <>
      <h1>{t.title}</h1>
      <p>{session.has('referrals:read-all') ? t.introAll : t.introAssigned}</p>
      <form className="filters" onSubmit={apply} aria-label={t.filters} key={params.toString()}>
        <div className="field field--inline">
          <label htmlFor="inbox-status">{t.status}</label>
          <select id="inbox-status" name="status" defaultValue={status ?? ''}>
            <option value="">{t.anyStatus}</option>
            {ALL_STATUSES.map((value) => (
              <option key={value} value={value}>
                {statusLabel(r, value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="inbox-urgency">{t.urgency}</label>
          <select id="inbox-urgency" name="urgency" defaultValue={urgency ?? ''}>
            <option value="">{t.anyUrgency}</option>
            {URGENCIES.map((value) => (
              <option key={value} value={value}>
                {r.urgencyShort[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="inbox-age">{t.age}</label>
          <select id="inbox-age" name="age" defaultValue={age}>
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
      {acuteItems.length > 0 && (
        <section aria-labelledby="inbox-acute">
          <h2 id="inbox-acute">{t.acuteTitle}</h2>
          <ReferralTable items={acuteItems} caption={t.acuteCaption} acute />
        </section>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : rest.length === 0 && acuteItems.length === 0 ? (
        <p className="notice">{t.empty}</p>
      ) : (
        <section aria-labelledby="inbox-all">
          <h2 id="inbox-all">
            {acuteItems.length > 0 ? t.otherTitle : t.allTitle}
          </h2>
          <p className="hint" role="status">
            {t.count(rest.length + acuteItems.length, Boolean(list.hasNextPage))}
          </p>
          {rest.length > 0 && <ReferralTable items={rest} caption={t.caption} />}
          {list.hasNextPage && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {t.more}
            </button>
          )}
        </section>
      )}
    </>
  );
}
