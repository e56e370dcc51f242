import { Link } from 'react-router';
import { useOrganisation } from '../api/queries';
import { ChannelList } from '../components/ChannelList';
import { Emergency } from '../components/Emergency';
import { Icon } from '../components/Icon';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { usePageTitle } from '../lib/usePageTitle';

type ProgrammeSlug = 'aktion-neustart' | 'beraten';
const PROGRAMMES: readonly ProgrammeSlug[] = ['aktion-neustart', 'beraten'];

function ProgrammeCard({ slug }: { slug: ProgrammeSlug }) {
  const t = useTexts();
  const to = usePaths();
  const { data } = useOrganisation(useLang(), slug);
  const text = t.start.programmes[slug];
  const name = text.name;
  return (
    <article className="card programme" aria-labelledby={`programme-${slug}`}>
      <p className="tag">{text.tag}</p>
      <h3 id={`programme-${slug}`}>{name}</h3>
      <p>{text.text}</p>
      {data && (
        <>
          <h4>{t.start.reach}</h4>
          {data.contact_channels.length > 0 ? (
            <ChannelList channels={data.contact_channels} />
          ) : (
            <p>
              {t.common.noPublicChannels}{' '}
              <Link to={to('contact', { slug: 'kip-ni' })}>{t.nav.write}</Link>
            </p>
          )}
        </>
      )}
      <p>
        <Link to={to('organisation', { slug })} className="arrow-link">
          {t.start.more(name)}
          <Icon name="arrow" size={18} />
        </Link>
      </p>
    </article>
  );
}

export function StartPage() {
  const t = useTexts();
  const to = usePaths();
  usePageTitle(undefined);
  const explore = [
    { to: to('directory'), title: t.nav.directory, text: t.start.explore.directory },
    { to: to('responsibilities'), title: t.nav.responsibilities, text: t.start.explore.responsibilities },
    { to: to('network'), title: t.nav.network, text: t.start.explore.network },
  ];

  return (
    <>
      <div className="hero">
      <section aria-labelledby="page-title">
        <p className="eyebrow">{t.site.short}</p>
        <h1 id="page-title">{t.start.title}</h1>
        <p className="lead">{t.start.lead}</p>
        <p>
          <Link className="button button--large" to={to('contact', { slug: 'kip-ni' })}>
            <Icon name="message" />
            {t.nav.write}
          </Link>
        </p>
      </section>
      <Emergency />
      </div>

      <section aria-labelledby="help-title" className="section">
        <h2 id="help-title">{t.start.helpTitle}</h2>
        <p>{t.start.helpIntro}</p>
        <div className="grid grid--2">
          {PROGRAMMES.map((slug) => (
            <ProgrammeCard key={slug} slug={slug} />
          ))}
        </div>
      </section>

      <section aria-labelledby="about-title" className="section">
        <h2 id="about-title">{t.start.aboutTitle}</h2>
        <ul className="checklist">
          {t.start.about.map((line) => (
            <li key={line}>
              <Icon name="check" />
              <span>{line}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="write-title" className="section card card--accent">
        <h2 id="write-title">{t.start.writeTitle}</h2>
        <p>{t.start.writeText}</p>
        <p>
          <Link className="button" to={to('contact', { slug: 'kip-ni' })}>
            <Icon name="message" />
            {t.nav.write}
          </Link>
        </p>
      </section>

      <section aria-labelledby="explore-title" className="section">
        <h2 id="explore-title">{t.start.exploreTitle}</h2>
        <ul className="grid grid--3 link-cards">
          {explore.map((item) => (
            <li key={item.to}>
              <Link to={item.to} className="link-card">
                <span className="link-card__title">
                  {item.title}
                  <Icon name="arrow" size={18} />
                </span>
                <span className="link-card__text">{item.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
