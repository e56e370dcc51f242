import { useEffect } from 'react';
import { useTexts } from '../i18n/useLang';

export function usePageTitle(title: string | undefined): void {
  const t = useTexts();
  useEffect(() => {
    document.title = title ? `${title} – ${t.site.short}` : `${t.site.short} – ${t.site.name}`;
  }, [title, t]);
}
