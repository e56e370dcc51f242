// A page of the console that is registered (its address works, the guard applies) but not built yet.
import { usePageTitle } from '../../lib/usePageTitle';
import { useConsoleTexts, useStaffRoute } from '../useConsole';

export default function ComingPage() {
  const t = useConsoleTexts();
  const { name } = useStaffRoute();
  usePageTitle(t.nav[name]);
  return (
    <>
      <h1>{t.nav[name]}</h1>
      <p className="notice">{t.coming.text}</p>
    </>
  );
}
