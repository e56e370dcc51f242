import { Link } from 'react-router';
import { usePaths, useTexts } from '../i18n/useLang';
import { usePageTitle } from '../lib/usePageTitle';

export function NotFoundPage({ text }: { text?: string }) {
  const t = useTexts();
  const to = usePaths();
  usePageTitle(t.common.notFoundTitle);
  return (
    <>
      <h1>{t.common.notFoundTitle}</h1>
      <p>{text ?? t.common.notFoundText}</p>
      <p>
        <Link to={to('directory')}>{t.nav.directory}</Link> · <Link to={to('start')}>{t.common.toStart}</Link>
      </p>
    </>
  );
}
