import { Link } from 'react-router';
import { useOrganisation } from '../api/queries';
import { Loading, LoadError } from '../components/QueryState';
import { useLang, usePaths } from '../i18n/useLang';
import { usePageTitle } from '../lib/usePageTitle';
import { Para, postalAddress, Setting } from './parts';
import { useSiteLegal } from './queries';
import { LEGAL_TEXTS } from './texts';
import './legal.css';

export default function LegalNoticePage() {
  const lang = useLang();
  const to = usePaths();
  const t = LEGAL_TEXTS[lang].legalNotice;
  usePageTitle(t.title, t.description);
  const legal = useSiteLegal();
  const centre = useOrganisation(lang, 'kip-ni');

  const failed = legal.error ?? centre.error;
  if (failed) return <LoadError error={failed} onRetry={() => void Promise.all([legal.refetch(), centre.refetch()])} />;
  if (!legal.data || !centre.data) return <Loading />;
  const address = postalAddress(centre.data);
  const { operator } = legal.data;

  return (
    <article className="legal narrow" aria-labelledby="page-title">
      <h1 id="page-title">{t.title}</h1>
      <p className="lead">{t.intro}</p>

      <section aria-labelledby="provider" className="section">
        <h2 id="provider">{t.provider}</h2>
        <address className="legal__address">
          <strong>{centre.data.name}</strong>
          {centre.data.short_name && <> ({centre.data.short_name})</>}
          {address && (
            <>
              <br />
              {address.street}
              <br />
              {address.postal_code} {address.city}
            </>
          )}
        </address>
        <p>{t.body}</p>
      </section>

      <section aria-labelledby="contact" className="section">
        <h2 id="contact">{t.contact}</h2>
        <Para paragraph={t.contactText} />
      </section>

      <section aria-labelledby="responsible" className="section">
        <h2 id="responsible">{t.responsible}</h2>
        <Setting value={operator.responsible_person} setting="responsible_person" />
        {operator.responsible_person && <p>{t.responsibleAddress}</p>}
      </section>

      <section aria-labelledby="vat" className="section">
        <h2 id="vat">{t.vat}</h2>
        <p>{operator.vat_id ?? t.noVat}</p>
      </section>

      <section aria-labelledby="data" className="section">
        <h2 id="data">{t.data}</h2>
        <p>
          {t.dataText} <a href="/api/docs">/api/docs</a>
        </p>
        <p>
          <Link to={to('organisation', { slug: 'kip-ni' })}>{centre.data.short_name ?? centre.data.name}</Link>
        </p>
      </section>
    </article>
  );
}
