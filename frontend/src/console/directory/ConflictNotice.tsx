// After a 412: what the other person changed (before / saved now / own input) and the two
// ways on: re-apply one's own input to the new version, or discard it.
import { useEffect, useRef } from 'react';
import { useLang } from '../../i18n/useLang';
import { DIRECTORY_TEXTS } from './texts';
import type { EntryForm } from './useEntryForm';
import { otherChanges, ownChanges, type Difference, type DraftValue } from './versioned';

export type Describe = (key: string, value: DraftValue | undefined) => string;

function DiffTable({ rows, caption, labelOf, show, withMine }: { rows: Difference[]; caption: string; labelOf: (key: string) => string; show: Describe; withMine?: boolean }) {
  const t = DIRECTORY_TEXTS[useLang()].conflict;
  return (
    <table className="data-table diff-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.field}</th>
            <th scope="col">{t.before}</th>
            <th scope="col">{withMine ? t.now : t.mine}</th>
            {withMine && <th scope="col">{t.mine}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{labelOf(row.key)}</th>
              <td>
                <del>{show(row.key, row.before) || t.empty}</del>
              </td>
              <td>
                <ins>{show(row.key, row.now) || t.empty}</ins>
              </td>
              {withMine && <td>{'mine' in row ? show(row.key, row.mine) || t.empty : '—'}</td>}
            </tr>
          ))}
        </tbody>
    </table>
  );
}

export function ConflictNotice({ form, labelOf, show, idPrefix }: { form: EntryForm; labelOf: (key: string) => string; show: Describe; idPrefix: string }) {
  const t = DIRECTORY_TEXTS[useLang()].conflict;
  const ref = useRef<HTMLDivElement>(null);
  const conflict = form.conflict;
  useEffect(() => {
    if (conflict) ref.current?.focus();
  }, [conflict]);
  if (!conflict) return null;
  const theirs = otherChanges(form.base, conflict.current, form.draft);
  const mine = ownChanges(form.base, form.draft);
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="notice notice--warning conflict" aria-labelledby={`${idPrefix}-conflict-title`}>
      <h3 id={`${idPrefix}-conflict-title`}>{t.title}</h3>
      <p>{t.intro}</p>
      {theirs.length ? (
        <DiffTable rows={theirs} caption={t.theirs} labelOf={labelOf} show={show} withMine />
      ) : (
        <p>{t.noOther}</p>
      )}
      {mine.length > 0 && <DiffTable rows={mine} caption={t.yours} labelOf={labelOf} show={show} />}
      <div className="form-actions">
        <button type="button" className="button" onClick={form.reapplyMine}>
          {t.reapply}
        </button>
        <button type="button" className="button button--secondary" onClick={form.discardMine}>
          {t.discard}
        </button>
      </div>
    </div>
  );
}
