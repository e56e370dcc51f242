// /portal/meldungen/{id}: one referral's coarse status and its timeline with the public notes.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { isNotFound, LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi } from '../../session';
import { formatDay, formatMoment } from '../format';
import { useReferral, useReferralHistory } from '../queries';
import { REFERRAL_TEXTS, statusLabel } from '../referralTexts';
import { useStaffPaths, useStaffRoute } from '../useConsole';
import { CONSOLE_TEXTS } from '../texts';
import { PORTAL_TEXTS } from './texts';

export default function PortalReferralPage() {
  const lang = useLang();
  const t = PORTAL_TEXTS[lang].detail;
  const list = PORTAL_TEXTS[lang].list;
  const r = REFERRAL_TEXTS[lang];
  const to = useStaffPaths();
  const id = useStaffRoute().params.id ?? '';
  const referral = useReferral(id);
  const history = useReferralHistory(id);
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  usePageTitle(referral.data ? t.title(referral.data.reference) : undefined);

  if (referral.isPending) return <Loading />;
  if (referral.isError) {
    if (isNotFound(referral.error)) {
      return (
        <>
          <h1>{CONSOLE_TEXTS[lang].guard.notFoundTitle}</h1>
          <p>{t.notFound}</p>
          <p>
            <Link to={to('portal')}>{t.back}</Link>
          </p>
        </>
      );
    }
    return <LoadError error={referral.error} onRetry={() => void referral.refetch()} />;
  }
  const item = referral.data;

  async function withdraw() {
    const result = await staffApi.POST('/api/v1/referrals/{referral_id}/withdraw', { params: { path: { referral_id: id } } });
    setConfirming(false);
    setMessage(result.data ? { ok: true, text: t.withdrawn } : { ok: false, text: t.withdrawFailed });
    await queryClient.invalidateQueries({ queryKey: ['staff'] });
  }

  return (
    <>
      <p>
        <Link to={to('portal')}>{t.back}</Link>
      </p>
      <h1>{t.title(item.reference)}</h1>
      {message && (
        <p className={`notice ${message.ok ? 'notice--success' : 'notice--error'}`} role="status">
          {message.text}
        </p>
      )}
      <h2>{t.facts}</h2>
      <dl className="summary-list">
        <div>
          <dt>{list.status}</dt>
          <dd>{statusLabel(r, item.status)}</dd>
        </div>
        <div>
          <dt>{list.urgency}</dt>
          <dd>{r.urgencyShort[item.urgency]}</dd>
        </div>
        <div>
          <dt>{list.created}</dt>
          <dd>{formatDay(item.created_at, lang)}</dd>
        </div>
        <div>
          <dt>{list.updated}</dt>
          <dd>{formatDay(item.updated_at, lang)}</dd>
        </div>
      </dl>
      <h2>{t.timeline}</h2>
      <p className="muted">{t.timelineIntro}</p>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <LoadError error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <ol className="timeline">
          {history.data.map((entry, index) => (
            <li key={`${entry.occurred_at}-${index}`}>
              <p className="timeline__when">
                <time dateTime={entry.occurred_at}>{formatMoment(entry.occurred_at, lang)}</time>
              </p>
              <p>
                <strong>{statusLabel(r, entry.status)}</strong>
              </p>
              {entry.public_note ? <p>{entry.public_note}</p> : null}
            </li>
          ))}
        </ol>
      )}
      {item.status === 'received' && (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t.withdraw}</h2>
          <p className="muted">{t.withdrawHint}</p>
          {confirming ? (
            <p className="form-actions">
              <button type="button" className="button" onClick={() => void withdraw()}>
                {t.withdrawConfirm}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t.withdrawCancel}
              </button>
            </p>
          ) : (
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              {t.withdraw}
            </button>
          )}
        </section>
      )}
    </>
  );
}
