import { Link } from 'react-router';
import { GERMAN_ONLY_ROUTES } from '../i18n/routes';
import { TEXTS } from '../i18n/texts';
import { useLang } from '../i18n/useLang';
import { formatDate } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { MessageForm } from '../pages/ContactPage';
import statement from './accessibility-statement.json';
import { Setting } from './parts';
import { useSiteLegal } from './queries';
import { LEGAL_TEXTS } from './texts';
import './legal.css';

type Conformance = 'full' | 'partial' | 'none';

export default function AccessibilityPage() {
  const lang = useLang();
  const t = LEGAL_TEXTS[lang].accessibility;
  const common = TEXTS[lang];
  usePageTitle(t.title, t.description);
  const legal = useSiteLegal();
  const check = statement.automated_check;
  const date = (iso: string) => formatDate(`${iso}T12:00:00Z`, common);
  const widths = new Intl.ListFormat(common.locale, { type: 'conjunction' }).format(check.widths.map(String));
  const method = t.method(
    date(statement.prepared_on),
    date(statement.last_checked_on),
    `${check.tool} ${check.version}`,
    check.pages.length,
    widths,
    check.violations,
  );

  return (
    <article className="legal narrow" aria-labelledby="page-title">
      <h1 id="page-title">{t.title}</h1>
      <p className="lead">{t.intro(window.location.origin)}</p>

      <section aria-labelledby="state" className="section">
        <h2 id="state">{t.stateTitle}</h2>
        <p data-conformance={statement.conformance}>{t.state[statement.conformance as Conformance](statement.standard)}</p>
      </section>

      {statement.limitations.length > 0 && (
        <section aria-labelledby="limitations" className="section">
          <h2 id="limitations">{t.limitationsTitle}</h2>
          <ul className="legal__list">
            {statement.limitations.map((limitation) => (
              <li key={limitation.id}>{limitation[lang]}</li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="method" className="section">
        <h2 id="method">{t.methodTitle}</h2>
        {method.map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
        <ul className="legal__list">
          <li>
            <Link to={GERMAN_ONLY_ROUTES.easyLanguage} lang="de" hrefLang="de">
              {t.easyLanguage}
            </Link>
          </li>
          <li>
            <Link to={GERMAN_ONLY_ROUTES.signLanguage} lang="de" hrefLang="de">
              {t.signLanguage}
            </Link>
          </li>
        </ul>
      </section>

      <section aria-labelledby="feedback" className="section">
        <h2 id="feedback">{t.feedbackTitle}</h2>
        <p>{t.feedback}</p>
        <MessageForm slug="kip-ni" topic="accessibility" />
      </section>

      <section aria-labelledby="arbitration" className="section">
        <h2 id="arbitration">{t.arbitrationTitle}</h2>
        <p>{t.arbitration}</p>
        {legal.data ? (
          <Setting value={legal.data.operator.arbitration_body} setting="arbitration_body" />
        ) : (
          <p className="muted" role="status">
            {legal.isError ? common.common.loadError : common.common.loading}
          </p>
        )}
      </section>
    </article>
  );
}
