// "Reset second factor" on a user's row: offered only when the person has one, and done only
// after a confirmation, because it ends all their sessions at once.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../../i18n/useLang';
import { staffApi } from '../../session';
import { problemText, type FeedbackValue } from './Feedback';
import { USERS_KEY, type User } from './queries';
import { ADMIN_TEXTS } from './texts';

export function SecondFactorReset({ user, onDone }: { user: User; onDone: (value: FeedbackValue) => void }) {
  const t = ADMIN_TEXTS[useLang()];
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  if (!user.second_factor_enrolled) return null;

  function cancel() {
    setAsking(false);
    requestAnimationFrame(() => opener.current?.focus());
  }

  return (
    <>
      <button ref={opener} type="button" className="link-button" onClick={() => setAsking(true)} aria-expanded={asking}>
        {t.users.resetSecondFactor}
        <span className="visually-hidden"> ({user.email})</span>
      </button>
      {asking && (
        <ConfirmReset
          user={user}
          onCancel={cancel}
          onDone={(value) => {
            setAsking(false);
            onDone(value);
          }}
        />
      )}
    </>
  );
}

function ConfirmReset({ user, onDone, onCancel }: { user: User; onDone: (value: FeedbackValue) => void; onCancel: () => void }) {
  const t = ADMIN_TEXTS[useLang()];
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);

  async function reset() {
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/users/{user_id}/second-factor/reset', {
        params: { path: { user_id: user.id } },
      });
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onDone(
        result.response.ok
          ? { kind: 'success', text: t.users.secondFactorReset(user.email) }
          : { kind: 'error', text: problemText(result.error, t.common.failed) },
      );
    } catch {
      onDone({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  const textId = `reset-factor-${user.id}`;
  return (
    <div
      ref={box}
      tabIndex={-1}
      className="notice notice--warning confirm"
      role="group"
      aria-labelledby={textId}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <p id={textId}>{t.users.confirmResetSecondFactor(user.email)}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void reset()} disabled={busy}>
          {t.users.confirmReset}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </div>
  );
}
