// /portal: the referrals of the partner's organisation with their coarse status.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi, unwrap, useSession } from '../../session';
import { formatDay } from '../format';
import { REFERRAL_TEXTS, statusLabel } from '../referralTexts';
import { useStaffPaths } from '../useConsole';
import { PORTAL_TEXTS } from './texts';

export default function PortalPage() {
  const lang = useLang();
  const t = PORTAL_TEXTS[lang].list;
  const r = REFERRAL_TEXTS[lang];
  const to = useStaffPaths();
  const session = useSession();
  usePageTitle(t.title);
  const query = useInfiniteQuery({
    queryKey: ['staff', 'referrals', 'portal'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await staffApi.GET('/api/v1/referrals', { params: { query: { limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {session.has('referrals:submit') && (
        <p>
          <Link className="button" to={to('portalNew')}>
            {t.new}
          </Link>
        </p>
      )}
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p className="notice">{t.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.reference}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.urgency}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.updated}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <Link to={to('portalReferral', { id: item.id })}>{item.reference}</Link>
                  </th>
                  <td>{formatDay(item.created_at, lang)}</td>
                  <td>{r.urgencyShort[item.urgency]}</td>
                  <td>{statusLabel(r, item.status)}</td>
                  <td>{formatDay(item.updated_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t.more}
        </button>
      )}
    </>
  );
}
