// Which entries nobody has confirmed as current for twelve months (or ever).

/** The same moment twelve calendar months earlier (29 February falls back to 28 February). */
export function twelveMonthsBefore(now: Date): Date {
  const then = new Date(now.getTime());
  const day = then.getUTCDate();
  then.setUTCDate(1);
  then.setUTCFullYear(then.getUTCFullYear() - 1);
  const lastDay = new Date(Date.UTC(then.getUTCFullYear(), then.getUTCMonth() + 1, 0)).getUTCDate();
  then.setUTCDate(Math.min(day, lastDay));
  return then;
}

/** Whether an entry confirmed at `assuredAt` (null: never) needs confirming again. */
export function isUnconfirmed(assuredAt: string | null | undefined, now: Date): boolean {
  if (!assuredAt) return true;
  return Date.parse(assuredAt) <= twelveMonthsBefore(now).getTime();
}

/** The entries to confirm, the never confirmed first, then the oldest confirmation first. */
export function unconfirmedEntries<T extends { assured_at?: string | null }>(items: readonly T[], now: Date): T[] {
  const key = (item: T) => (item.assured_at ? Date.parse(item.assured_at) : -Infinity);
  return items.filter((item) => isUnconfirmed(item.assured_at, now)).sort((a, b) => key(a) - key(b));
}
