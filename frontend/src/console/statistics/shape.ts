// Turns the cells of GET /api/v1/stats/referrals into the bars and rows the page draws. A
// suppressed cell stays suppressed all the way (value null): it is never drawn or read as zero.
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n/routes';

export type Cell = components['schemas']['Cell'];
export type ReferralStatistics = components['schemas']['ReferralStatistics'];

export interface Bar {
  key: string;
  label: string;
  /** The count, or null when the API suppressed it (fewer than `min_cell_size`). */
  value: number | null;
}

const LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

function toBar(cell: Cell, label: string): Bar {
  return { key: cell.key, label, value: cell.suppressed || cell.count === null ? null : cell.count };
}

const MONTH = /^(\d{4})-(\d{2})$/;

function nextMonth(key: string): string {
  const [, year, month] = MONTH.exec(key) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month), 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthLabel(key: string, lang: Lang): string {
  const [, year, month] = MONTH.exec(key) ?? [];
  if (!year) return key;
  return new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(year), Number(month) - 1, 1)),
  );
}

/**
 * One bar per month from the first to the last month with referrals, in calendar order. A month
 * between them without a cell had no referral at all: that is a true zero, not a suppressed one.
 */
export function monthBars(cells: readonly Cell[], lang: Lang): Bar[] {
  const byKey = new Map(cells.filter((cell) => MONTH.test(cell.key)).map((cell) => [cell.key, cell]));
  const keys = [...byKey.keys()].sort();
  if (keys.length === 0) return [];
  const last = keys[keys.length - 1]!;
  const bars: Bar[] = [];
  for (let key = keys[0]!; key <= last; key = nextMonth(key)) {
    const cell = byKey.get(key);
    const label = monthLabel(key, lang);
    bars.push(cell ? toBar(cell, label) : { key, label, value: 0 });
  }
  return bars;
}

/**
 * One bar per cell, in the order of `order` (keys it does not name follow by label, and the keys
 * of `last` after them), each named by `labelOf` (falling back to the cell's label, then its key).
 */
export function categoryBars(
  cells: readonly Cell[],
  labelOf: (cell: Cell) => string | undefined,
  order: readonly string[] = [],
  last: readonly string[] = [],
): Bar[] {
  const rank = (key: string) =>
    order.includes(key) ? order.indexOf(key) : last.includes(key) ? order.length + 1 + last.indexOf(key) : order.length;
  return cells
    .map((cell) => toBar(cell, labelOf(cell) ?? cell.label ?? cell.key))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.label.localeCompare(b.label));
}

/**
 * The largest value the axis must reach: every count, and twice the suppression limit, so the
 * band a suppressed cell marks (0 to the limit) never fills the chart as a large count would.
 */
export function axisMax(bars: readonly Bar[], minCellSize: number): number {
  return Math.max(2 * minCellSize, ...bars.map((bar) => bar.value ?? 0));
}

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 1 }).format(value);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (YYYY-MM-DD) from the address, or null. */
export function dayParam(value: string | null): string | null {
  if (!value || !DAY.test(value)) return null;
  return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
}

/**
 * The query for a period of whole days (local time): from the start of `from` to the end of `to`.
 * Null when the period ends before it starts.
 */
export function periodQuery(
  from: string | null,
  to: string | null,
): { created_after?: string; created_before?: string } | null {
  if (from && to && to < from) return null;
  const query: { created_after?: string; created_before?: string } = {};
  if (from) query.created_after = new Date(`${from}T00:00:00`).toISOString();
  if (to) {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.created_before = end.toISOString();
  }
  return query;
}
