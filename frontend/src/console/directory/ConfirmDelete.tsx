// A delete button that asks once more before it deletes.
import { useState } from 'react';
import { useLang } from '../../i18n/useLang';
import { DIRECTORY_TEXTS } from './texts';

export function ConfirmDelete({ label, onDelete }: { label: string; onDelete: () => void }) {
  const t = DIRECTORY_TEXTS[useLang()].channels;
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="button button--secondary" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm-delete" role="group" aria-label={t.deleteConfirm}>
      <span>{t.deleteConfirm}</span>
      <button type="button" className="button button--danger" onClick={() => { setAsking(false); onDelete(); }}>
        {t.deleteYes}
      </button>
      <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
        {t.deleteNo}
      </button>
    </span>
  );
}
