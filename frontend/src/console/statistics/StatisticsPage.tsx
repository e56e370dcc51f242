// /konsole/statistik: anonymised referral figures for coordinators (stats:read). Every chart has
// its table; a suppressed cell reads "< 5" in charts and "fewer than 5" in tables, never zero.
// The period lives in the address (?from=YYYY-MM-DD&to=YYYY-MM-DD).
import { useQuery } from '@tanstack/react-query';
import { useMemo, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import type { Lang } from '../../i18n/routes';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi, unwrap } from '../../session';
import { formatDay } from '../format';
import { REFERRAL_TEXTS, statusLabel } from '../referralTexts';
import { ALL_STATUSES } from '../referrals/workflow';
import { BarChart, BarTable } from './BarChart';
import {
  categoryBars,
  dayParam,
  formatNumber,
  monthBars,
  periodQuery,
  type Bar,
  type ReferralStatistics,
} from './shape';
import { STATISTICS_TEXTS, type StatisticsTexts } from './texts';
import './statistics.css';

const URGENCIES = ['acute', 'urgent', 'routine'];
type ChartName = keyof StatisticsTexts['charts'];

function chartsOf(stats: ReferralStatistics, lang: Lang): Record<ChartName, Bar[]> {
  const r = REFERRAL_TEXTS[lang];
  const t = STATISTICS_TEXTS[lang];
  return {
    month: monthBars(stats.by_month, lang),
    status: categoryBars(stats.by_status, (cell) => statusLabel(r, cell.key), ALL_STATUSES),
    programme: categoryBars(stats.by_programme, (cell) => (cell.key === 'none' ? t.noProgramme : undefined), [], ['none']),
    urgency: categoryBars(
      stats.by_urgency,
      (cell) => (r.urgencyShort as Record<string, string>)[cell.key],
      URGENCIES,
    ),
  };
}

function ChartSection({ name, bars, minCellSize }: { name: ChartName; bars: Bar[]; minCellSize: number }) {
  const t = STATISTICS_TEXTS[useLang()];
  const { title, key } = t.charts[name];
  const heading = `stats-${name}-heading`;
  return (
    <section aria-labelledby={heading} className="chart-section">
      <h2 id={heading}>{title}</h2>
      <BarChart id={`stats-${name}`} title={title} bars={bars} minCellSize={minCellSize} />
      <details className="chart-table">
        <summary>{t.showTable(title)}</summary>
        <BarTable caption={title} keyHeading={key} bars={bars} minCellSize={minCellSize} />
      </details>
    </section>
  );
}

export default function StatisticsPage() {
  const lang = useLang();
  const t = STATISTICS_TEXTS[lang];
  const [params, setParams] = useSearchParams();
  const from = dayParam(params.get('from'));
  const to = dayParam(params.get('to'));
  const query = useMemo(() => periodQuery(from, to), [from, to]);
  usePageTitle(t.title);

  const stats = useQuery({
    queryKey: ['staff', 'stats', 'referrals', query],
    queryFn: async ({ signal }) =>
      unwrap(await staffApi.GET('/api/v1/stats/referrals', { params: { query: query ?? {} }, signal })),
    enabled: query !== null,
    staleTime: 60_000,
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['from', 'to']) {
      const value = dayParam(String(form.get(key) ?? ''));
      if (value) next.set(key, value);
    }
    setParams(next);
  }

  const day = (value: string | null) => (value ? formatDay(`${value}T12:00:00Z`, lang) : null);
  const data = stats.data;
  const min = data?.min_cell_size ?? 5;
  const median = (value: number | null | undefined) =>
    value === null || value === undefined ? t.notEnough(min) : t.days(formatNumber(value, lang));

  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form className="filters" onSubmit={apply} aria-label={t.filters} key={params.toString()}>
        <div className="field field--inline">
          <label htmlFor="stats-from">{t.from}</label>
          <input id="stats-from" name="from" type="date" defaultValue={from ?? ''} />
        </div>
        <div className="field field--inline">
          <label htmlFor="stats-to">{t.to}</label>
          <input id="stats-to" name="to" type="date" defaultValue={to ?? ''} />
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
      {query === null ? (
        <p className="notice notice--error" role="alert">
          {t.badPeriod}
        </p>
      ) : stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : data ? (
        <StatisticsBody data={data} period={t.period(day(from), day(to))} median={median} />
      ) : null}
    </>
  );
}

function StatisticsBody({
  data,
  period,
  median,
}: {
  data: ReferralStatistics;
  period: string;
  median: (value: number | null | undefined) => string;
}) {
  const lang = useLang();
  const t = STATISTICS_TEXTS[lang];
  const min = data.min_cell_size;
  const charts = chartsOf(data, lang);
  return (
    <>
      <section aria-labelledby="stats-key-figures">
        <h2 id="stats-key-figures">{t.keyFigures}</h2>
        <p className="hint" role="status">
          {period}
        </p>
        <dl className="summary-list">
          <div>
            <dt>{t.total}</dt>
            <dd>{data.total === null ? t.suppressedLong(min) : formatNumber(data.total, lang)}</dd>
          </div>
          <div>
            <dt>{t.medianTriage}</dt>
            <dd>{median(data.median_days_to_triage)}</dd>
          </div>
          <div>
            <dt>{t.medianAssignment}</dt>
            <dd>{median(data.median_days_to_assignment)}</dd>
          </div>
        </dl>
      </section>
      {data.total === 0 ? (
        <p className="notice">{t.none}</p>
      ) : (
        <>
          <p className="chart-legend">
            <svg className="chart-legend__swatch" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
              <defs>
                <pattern id="stats-legend-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                  <line className="chart__hatch" x1="0" y1="0" x2="0" y2="6" />
                </pattern>
              </defs>
              <rect className="chart__band" x="1" y="1" width="22" height="14" fill="url(#stats-legend-hatch)" />
            </svg>
            {t.legend(min)}
          </p>
          {(Object.keys(charts) as ChartName[]).map((name) =>
            charts[name].length > 0 ? <ChartSection key={name} name={name} bars={charts[name]} minCellSize={min} /> : null,
          )}
        </>
      )}
    </>
  );
}
