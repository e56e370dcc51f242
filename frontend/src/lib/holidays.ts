// Public holidays of Lower Saxony (Niedersachsen), as ISO dates in local (Berlin) time.
export type HolidayId =
  | 'newYear'
  | 'goodFriday'
  | 'easterMonday'
  | 'labourDay'
  | 'ascension'
  | 'whitMonday'
  | 'germanUnity'
  | 'reformationDay'
  | 'christmasDay'
  | 'boxingDay';

export interface Holiday {
  id: HolidayId;
  date: string;
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Easter Sunday (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function afterEaster(year: number, days: number): string {
  const { month, day } = easterSunday(year);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function lowerSaxonyHolidays(year: number): Holiday[] {
  const holidays: Holiday[] = [
    { id: 'newYear', date: iso(year, 1, 1) },
    { id: 'goodFriday', date: afterEaster(year, -2) },
    { id: 'easterMonday', date: afterEaster(year, 1) },
    { id: 'labourDay', date: iso(year, 5, 1) },
    { id: 'ascension', date: afterEaster(year, 39) },
    { id: 'whitMonday', date: afterEaster(year, 50) },
    { id: 'germanUnity', date: iso(year, 10, 3) },
    { id: 'christmasDay', date: iso(year, 12, 25) },
    { id: 'boxingDay', date: iso(year, 12, 26) },
  ];
  // Reformation Day is a permanent holiday in Lower Saxony since 2018 (nationwide once in 2017).
  if (year >= 2017) holidays.push({ id: 'reformationDay', date: iso(year, 10, 31) });
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

export function holidayOn(date: string): HolidayId | null {
  return lowerSaxonyHolidays(Number(date.slice(0, 4))).find((h) => h.date === date)?.id ?? null;
}
