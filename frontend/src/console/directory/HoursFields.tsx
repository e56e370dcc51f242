// Opening hours of a contact channel: one field per weekday, the rule for Lower Saxony's
// public holidays (with the next ones named), and days with different hours.
import { useTexts, useLang } from '../../i18n/useLang';
import { formatDate } from '../../lib/format';
import { WEEKDAYS, wallClock } from '../../lib/openingHours';
import { dayKey, nextHolidays } from './hours';
import { DIRECTORY_TEXTS } from './texts';
import type { FormLike } from './fields';
import { TextField } from './fields';
import type { ExceptionDraft } from './versioned';

export function HoursFields({ form, idPrefix, errors }: { form: FormLike; idPrefix: string; errors: Record<string, string> }) {
  const t = DIRECTORY_TEXTS[useLang()].hours;
  const pub = useTexts();
  const has = Boolean(form.draft.hours);
  const openOnHolidays = Boolean(form.draft.hours_holidays);
  const exceptions = (form.draft.hours_exceptions ?? []) as readonly ExceptionDraft[];
  const today = wallClock(new Date()).date;
  const setException = (index: number, change: Partial<ExceptionDraft>) =>
    form.set('hours_exceptions', exceptions.map((e, i) => (i === index ? { ...e, ...change } : e)));

  return (
    <fieldset className="hours-fields">
      <legend>{t.title}</legend>
      <div className="choice">
        <input type="checkbox" id={`${idPrefix}-hours`} checked={has} onChange={(event) => form.set('hours', event.target.checked)} />
        <label htmlFor={`${idPrefix}-hours`}>{t.has}</label>
      </div>
      {has && (
        <>
          <p className="hint" id={`${idPrefix}-days-hint`}>
            {t.daysHint}
          </p>
          <div className="hours-grid">
            {WEEKDAYS.map((day) => (
              <TextField key={day} form={form} name={dayKey(day)} id={`${idPrefix}-${dayKey(day)}`} label={pub.weekdays[day]} error={errors[dayKey(day)]} />
            ))}
          </div>
          <div className="choice">
            <input
              type="checkbox"
              id={`${idPrefix}-holidays`}
              aria-describedby={`${idPrefix}-holidays-hint`}
              checked={openOnHolidays}
              onChange={(event) => form.set('hours_holidays', event.target.checked)}
            />
            <label htmlFor={`${idPrefix}-holidays`}>{t.holidays}</label>
          </div>
          <p className="hint" id={`${idPrefix}-holidays-hint`}>
            {t.holidaysHint}
          </p>
          <details className="holiday-list">
            <summary>{t.nextHolidays}</summary>
            <ul>
              {nextHolidays(today, 6).map((holiday) => (
                <li key={holiday.date}>
                  {formatDate(holiday.date, pub)}: {pub.holidays[holiday.id]} – {openOnHolidays ? t.openThen : t.closedThen}
                </li>
              ))}
            </ul>
          </details>
          <h4>{t.exceptions}</h4>
          {exceptions.length === 0 && <p className="muted">{t.exceptionsNone}</p>}
          {exceptions.map((exception, index) => {
            const id = `${idPrefix}-exception-${index}`;
            return (
              <fieldset key={index} className="exception">
                <legend>{t.exception(index + 1)}</legend>
                <div className="field-row">
                  <div className={`field${errors[`exception-${index}-date`] ? ' field--error' : ''}`}>
                    <label htmlFor={`${id}-date`}>{t.date}</label>
                    {errors[`exception-${index}-date`] && <p className="field__error">{errors[`exception-${index}-date`]}</p>}
                    <input type="date" id={`${id}-date`} value={exception.date} onChange={(event) => setException(index, { date: event.target.value })} />
                  </div>
                  <div className="choice">
                    <input type="checkbox" id={`${id}-closed`} checked={exception.closed} onChange={(event) => setException(index, { closed: event.target.checked })} />
                    <label htmlFor={`${id}-closed`}>{t.closed}</label>
                  </div>
                </div>
                {!exception.closed && (
                  <div className={`field${errors[`exception-${index}-spans`] ? ' field--error' : ''}`}>
                    <label htmlFor={`${id}-spans`}>{t.spans}</label>
                    {errors[`exception-${index}-spans`] && <p className="field__error">{errors[`exception-${index}-spans`]}</p>}
                    <input type="text" id={`${id}-spans`} value={exception.spans} onChange={(event) => setException(index, { spans: event.target.value })} />
                  </div>
                )}
                <div className="field">
                  <label htmlFor={`${id}-note`}>{t.note}</label>
                  <input type="text" id={`${id}-note`} value={exception.note} onChange={(event) => setException(index, { note: event.target.value })} />
                </div>
                <button type="button" className="link-button" onClick={() => form.set('hours_exceptions', exceptions.filter((_, i) => i !== index))}>
                  {t.removeException(index + 1)}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => form.set('hours_exceptions', [...exceptions, { date: today, closed: true, spans: '', note: '' }])}
          >
            {t.addException}
          </button>
        </>
      )}
    </fieldset>
  );
}

/** Opening hours on one line, for the conflict table. */
export function hoursSummary(value: unknown, key: string, texts: { yes: string; no: string; closed: string }): string {
  if (typeof value === 'boolean') return value ? texts.yes : texts.no;
  if (Array.isArray(value))
    return (value as ExceptionDraft[]).map((e) => `${e.date}: ${e.closed ? texts.closed : e.spans}${e.note ? ` (${e.note})` : ''}`).join('; ');
  return key.startsWith('hours_') && value === '' ? texts.closed : String(value ?? '');
}
