import { Link, useParams } from 'react-router';
import { vcardUrl, type Organisation, type OrganisationRef } from '../api/client';
import { useOrganisation } from '../api/queries';
import { ChannelList } from '../components/ChannelList';
import { Icon } from '../components/Icon';
import { isNotFound, Loading, LoadError } from '../components/QueryState';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { formatDate } from '../lib/format';
import { organisationJsonLd, useJsonLd } from '../lib/jsonld';
import { usePageTitle } from '../lib/usePageTitle';
import { NotFoundPage } from './NotFoundPage';

function OrgLink({ organisation }: { organisation: OrganisationRef }) {
  const to = usePaths();
  return <Link to={to('organisation', { slug: organisation.slug })}>{organisation.name}</Link>;
}

function Relations({ organisation }: { organisation: Organisation }) {
  const t = useTexts();
  const groups = new Map<string, OrganisationRef[]>();
  const add = (label: string, ref: OrganisationRef) => groups.set(label, [...(groups.get(label) ?? []), ref]);
  organisation.relations.forEach((r) => add(t.relations[r.kind].out, r.organisation));
  organisation.incoming_relations.forEach((r) => add(t.relations[r.kind].in, r.organisation));
  if (groups.size === 0) return null;
  return (
    <section aria-labelledby="relations-title" className="section">
      <h2 id="relations-title">{t.organisation.relations}</h2>
      <dl className="relations">
        {[...groups].map(([label, refs]) => (
          <div key={label} className="relations__group">
            <dt>{label}</dt>
            {refs.map((ref) => (
              <dd key={ref.slug}>
                <OrgLink organisation={ref} />
              </dd>
            ))}
          </div>
        ))}
      </dl>
    </section>
  );
}

function Details({ organisation }: { organisation: Organisation }) {
  const t = useTexts();
  const lang = useLang();
  const to = usePaths();
  const origin = window.location.origin;
  useJsonLd(
    organisationJsonLd(
      organisation,
      origin + to('organisation', { slug: organisation.slug }),
      (slug) => origin + to('organisation', { slug }),
    ),
  );

  return (
    <article className="organisation" aria-labelledby="page-title">
      <nav aria-label={t.common.breadcrumb} className="breadcrumb">
        <Link to={to('directory')}>{t.nav.directory}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{organisation.short_name ?? organisation.name}</span>
      </nav>
      <header className="organisation__header">
        <p className="tag">{t.kinds[organisation.kind]}</p>
        <h1 id="page-title">{organisation.name}</h1>
        {organisation.short_name && organisation.short_name !== organisation.name && (
          <p className="organisation__short">{organisation.short_name}</p>
        )}
      </header>

      <div className="organisation__layout">
        <p className="lead organisation__lead">{organisation.description}</p>
        <aside className="organisation__contact card" aria-labelledby="contact-title">
          <h2 id="contact-title">{t.organisation.contact}</h2>
          {organisation.contact_channels.length > 0 ? (
            <ChannelList channels={organisation.contact_channels} />
          ) : (
            <p>
              {t.common.noPublicChannels} <Link to={to('contact', { slug: 'kip-ni' })}>{t.nav.write}</Link>
            </p>
          )}
          <p className="vcard">
            <a href={vcardUrl(organisation.slug, lang)} download={`${organisation.slug}.vcf`}>
              <Icon name="download" size={18} />
              {t.organisation.vcard}
            </a>
          </p>
        </aside>
        <div className="organisation__main">

          {organisation.responsibilities.length > 0 && (
            <section aria-labelledby="responsibilities-title" className="section">
              <h2 id="responsibilities-title">{t.organisation.responsibilities}</h2>
              <ul className="responsibility-list">
                {organisation.responsibilities.map((r) => (
                  <li key={r.id} className="card">
                    <h3>{r.topic.name}</h3>
                    <p className="result__meta">
                      <span className={`role role--${r.role}`}>{t.roles[r.role]}</span>
                      <span>{r.region ? t.common.region(r.region) : t.common.wholeState}</span>
                    </p>
                    <p>{r.description}</p>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <Relations organisation={organisation} />

          <section aria-labelledby="facts-title" className="section">
            <h2 id="facts-title">{t.organisation.facts}</h2>
            <dl className="facts">
              <dt>{t.organisation.kind}</dt>
              <dd>{t.kinds[organisation.kind]}</dd>
              {organisation.founded && (
                <>
                  <dt>{t.organisation.founded}</dt>
                  <dd>{organisation.founded}</dd>
                </>
              )}
              {organisation.founded_by && (
                <>
                  <dt>{t.organisation.foundedBy}</dt>
                  <dd>{organisation.founded_by}</dd>
                </>
              )}
              {organisation.parent && (
                <>
                  <dt>{t.organisation.parent}</dt>
                  <dd>
                    <OrgLink organisation={organisation.parent} />
                  </dd>
                </>
              )}
              {organisation.assured_at && (
                <>
                  <dt>{t.organisation.assuredAt}</dt>
                  <dd>{formatDate(organisation.assured_at, t)}</dd>
                </>
              )}
              <dt>{t.organisation.updatedAt}</dt>
              <dd>{formatDate(organisation.updated_at, t)}</dd>
            </dl>
          </section>
        </div>

      </div>
    </article>
  );
}

export default function OrganisationPage() {
  const t = useTexts();
  const { slug = '' } = useParams();
  const query = useOrganisation(useLang(), slug);
  usePageTitle(query.data?.name, query.data?.description);

  if (query.isPending) return <Loading />;
  if (isNotFound(query.error)) return <NotFoundPage text={t.organisation.notFound} />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return <Details organisation={query.data} />;
}
