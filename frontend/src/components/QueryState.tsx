import { ApiError } from '../api/client';
import { useTexts } from '../i18n/useLang';

export function Loading() {
  const t = useTexts();
  return (
    <p className="muted" role="status">
      {t.common.loading}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const t = useTexts();
  return (
    <div className="notice notice--error" role="alert">
      <p>{t.common.loadError}</p>
      {error instanceof ApiError && error.problem?.detail && <p className="muted">{error.problem.detail}</p>}
      <button type="button" className="button button--secondary" onClick={onRetry}>
        {t.common.retry}
      </button>
    </div>
  );
}

export const isNotFound = (error: Error | null) => error instanceof ApiError && error.status === 404;
