// Texts of the statistics page of the console. English mirrors German's shape (the type checks it).
import type { Lang } from '../../i18n/routes';

const de = {
  title: 'Statistik',
  intro:
    'Anonymisierte Zahlen zu den eingegangenen Meldungen. Wo weniger als fünf Fälle zusammenkommen, wird die genaue Zahl aus Datenschutzgründen nicht angegeben.',
  filters: 'Zeitraum',
  from: 'Eingegangen ab',
  to: 'Eingegangen bis',
  apply: 'Anzeigen',
  reset: 'Gesamten Zeitraum anzeigen',
  badPeriod: 'Das Ende des Zeitraums liegt vor seinem Anfang. Bitte prüfen Sie die Daten.',
  period: (from: string | null, to: string | null) =>
    from && to ? `Eingegangen vom ${from} bis ${to}` : from ? `Eingegangen ab ${from}` : to ? `Eingegangen bis ${to}` : 'Gesamter Zeitraum',
  keyFigures: 'Kennzahlen',
  total: 'Meldungen insgesamt',
  medianTriage: 'Median der Tage bis zur Sichtung',
  medianAssignment: 'Median der Tage bis zur Zuweisung',
  days: (value: string) => `${value} Tage`,
  notEnough: (min: number) => `nicht angegeben (weniger als ${min} Fälle)`,
  suppressedShort: (min: number) => `< ${min}`,
  suppressedLong: (min: number) => `weniger als ${min}`,
  legend: (min: number) =>
    `< ${min}: weniger als ${min} Meldungen. Die genaue Zahl wird nicht angegeben; der schraffierte Balken zeigt nur den Bereich von 0 bis ${min}. Deshalb ergeben die Teile nicht immer die Summe.`,
  none: 'Noch keine Meldung in diesem Zeitraum.',
  showTable: (chart: string) => `Tabelle: ${chart}`,
  chartDesc: (chart: string) =>
    `Balkendiagramm „${chart}“. Die Werte stehen auch in der Tabelle unter dem Diagramm.`,
  count: 'Meldungen',
  charts: {
    month: { title: 'Meldungen pro Monat', key: 'Monat' },
    status: { title: 'Meldungen nach Stand', key: 'Stand' },
    programme: { title: 'Meldungen nach Programm', key: 'Programm' },
    urgency: { title: 'Meldungen nach Dringlichkeit', key: 'Dringlichkeit' },
  },
  noProgramme: 'Noch nicht zugewiesen',
};

export type StatisticsTexts = typeof de;

const en: StatisticsTexts = {
  title: 'Statistics',
  intro:
    'Anonymised figures on the referrals received. Where fewer than five cases come together, the exact number is withheld to protect privacy.',
  filters: 'Period',
  from: 'Received from',
  to: 'Received until',
  apply: 'Show',
  reset: 'Show the whole period',
  badPeriod: 'The end of the period is before its start. Please check the dates.',
  period: (from: string | null, to: string | null) =>
    from && to ? `Received from ${from} to ${to}` : from ? `Received from ${from}` : to ? `Received until ${to}` : 'Whole period',
  keyFigures: 'Key figures',
  total: 'Referrals in total',
  medianTriage: 'Median days to triage',
  medianAssignment: 'Median days to assignment',
  days: (value: string) => `${value} days`,
  notEnough: (min: number) => `not given (fewer than ${min} cases)`,
  suppressedShort: (min: number) => `< ${min}`,
  suppressedLong: (min: number) => `fewer than ${min}`,
  legend: (min: number) =>
    `< ${min}: fewer than ${min} referrals. The exact number is withheld; the hatched bar only marks the range from 0 to ${min}. This is why the parts do not always add up to the total.`,
  none: 'No referral in this period yet.',
  showTable: (chart: string) => `Table: ${chart}`,
  chartDesc: (chart: string) => `Bar chart “${chart}”. The values are also in the table below the chart.`,
  count: 'Referrals',
  charts: {
    month: { title: 'Referrals per month', key: 'Month' },
    status: { title: 'Referrals by status', key: 'Status' },
    programme: { title: 'Referrals by programme', key: 'Programme' },
    urgency: { title: 'Referrals by urgency', key: 'Urgency' },
  },
  noProgramme: 'Not yet assigned',
};

export const STATISTICS_TEXTS: Record<Lang, StatisticsTexts> = { de, en };
