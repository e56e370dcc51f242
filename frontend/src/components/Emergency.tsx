import { useTexts } from '../i18n/useLang';
import { Icon } from './Icon';

/** The emergency hint: in acute danger, call the police on 110. */
export function Emergency() {
  const t = useTexts();
  return (
    <aside className="emergency" aria-labelledby="emergency-title">
      <Icon name="alert" size={28} />
      <div>
        <h2 id="emergency-title" className="emergency__title">
          {t.emergency.title}
        </h2>
        <p>
          {t.emergency.text}{' '}
          <a className="emergency__number" href="tel:110" aria-label={t.emergency.call}>
            110
          </a>
        </p>
      </div>
    </aside>
  );
}
