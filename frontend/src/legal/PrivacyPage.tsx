import { useOrganisation } from '../api/queries';
import { Loading, LoadError } from '../components/QueryState';
import { useLang } from '../i18n/useLang';
import { usePageTitle } from '../lib/usePageTitle';
import { addressLine, Para, Setting, useScrollToHash } from './parts';
import { useSiteLegal } from './queries';
import { PRIVACY_SECTIONS } from './sections';
import { LEGAL_TEXTS } from './texts';
import './legal.css';

export default function PrivacyPage() {
  const lang = useLang();
  const t = LEGAL_TEXTS[lang].privacy;
  usePageTitle(t.title, t.description);
  const legal = useSiteLegal();
  const centre = useOrganisation(lang, 'kip-ni');
  useScrollToHash(Boolean(legal.data && centre.data));

  const failed = legal.error ?? centre.error;
  if (failed) return <LoadError error={failed} onRetry={() => void Promise.all([legal.refetch(), centre.refetch()])} />;
  if (!legal.data || !centre.data) return <Loading />;
  const { operator } = legal.data;
  const sections = t.sections(legal.data, addressLine(centre.data));

  return (
    <article className="legal narrow" aria-labelledby="page-title">
      <h1 id="page-title">{t.title}</h1>
      <p className="lead">{t.intro}</p>
      <nav aria-labelledby="contents" className="legal__toc">
        <h2 id="contents">{t.contents}</h2>
        <ol>
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      {sections.map((section) => (
        <section key={section.id} id={section.id} tabIndex={-1} aria-labelledby={`${section.id}-title`} className="section">
          <h2 id={`${section.id}-title`}>{section.title}</h2>
          {section.paragraphs.map((paragraph, i) => (
            <Para key={i} paragraph={paragraph} />
          ))}
          {section.id === PRIVACY_SECTIONS.controller && (
            <>
              <h3>{t.dpo}</h3>
              <Setting value={operator.data_protection_officer} setting="data_protection_officer" />
            </>
          )}
          {section.id === PRIVACY_SECTIONS.authority && (
            <>
              <h3>{t.authority}</h3>
              <Setting value={operator.supervisory_authority} setting="supervisory_authority" />
            </>
          )}
        </section>
      ))}
    </article>
  );
}
