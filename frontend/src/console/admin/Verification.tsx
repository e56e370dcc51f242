// The result of verifying the audit log's keyed chain (GET /audit-events/verification).
import { LoadError } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { formatMoment } from '../format';
import { useAuditVerification } from './queries';
import { ADMIN_TEXTS } from './texts';

export function Verification() {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang].audit;
  const verification = useAuditVerification();
  const result = verification.data;
  return (
    <section aria-labelledby="verification-title" className="card verification">
      <h2 id="verification-title">{t.verification}</h2>
      <div role="status">
        {verification.isPending || (verification.isFetching && !result) ? (
          <p className="muted">{t.verifying}</p>
        ) : verification.isError ? null : result?.intact ? (
          <p className="verification__intact">
            <strong>{t.intact(result.checked)}</strong>
          </p>
        ) : result ? (
          <div className="notice notice--error">
            <p>
              <strong>{t.broken(result.broken?.seq ?? result.checked + 1)}</strong>
            </p>
            {result.reason && (
              <p>
                {t.brokenReason}: {result.reason}
              </p>
            )}
          </div>
        ) : null}
        {result && <p className="muted">{t.verifiedAt(formatMoment(result.verified_at, lang))}</p>}
      </div>
      {verification.isError && <LoadError error={verification.error} onRetry={() => void verification.refetch()} />}
      <p className="hint">{t.tailNote}</p>
      <button type="button" className="button button--secondary" onClick={() => void verification.refetch()} disabled={verification.isFetching}>
        {t.verifyAgain}
      </button>
    </section>
  );
}
