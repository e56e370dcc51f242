// /konsole/verzeichnis: the directory editor. Without `?org=` the overview (search and the
// entries nobody confirmed for twelve months); with it, one organisation's editor.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isNotFound, LoadError, Loading } from '../../components/QueryState';
import { pathTo } from '../../i18n/routes';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { formatDay } from '../format';
import { ChannelSection } from './ChannelSection';
import { OrganisationForm } from './OrganisationForm';
import { useAllOrganisations, useEditedOrganisation, useOrganisationSearch } from './queries';
import { RelationSection } from './RelationSection';
import { ResponsibilitySection } from './ResponsibilitySection';
import { unconfirmedEntries } from './stale';
import { DIRECTORY_TEXTS } from './texts';

export default function DirectoryPage() {
  const [params] = useSearchParams();
  const slug = params.get('org');
  return slug ? <OrganisationEditor slug={slug} /> : <Overview />;
}

function EntryLink({ slug, name, detail }: { slug: string; name: string; detail?: string }) {
  return (
    <li>
      <Link to={`?org=${encodeURIComponent(slug)}`}>{name}</Link>
      {detail && <span className="muted"> – {detail}</span>}
    </li>
  );
}

function Overview() {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang];
  usePageTitle(t.title);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const all = useAllOrganisations(lang);
  const search = useOrganisationSearch(q, lang);
  const [now] = useState(() => new Date());
  const unconfirmed = all.data ? unconfirmedEntries(all.data.items, now) : [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    setParams(value ? { q: value } : {});
  }

  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <section aria-labelledby="directory-find">
        <h2 id="directory-find">{t.find}</h2>
        <form role="search" className="filters" onSubmit={submit} key={q}>
          <div className="field field--inline">
            <label htmlFor="directory-q">{t.search}</label>
            <input id="directory-q" name="q" type="search" defaultValue={q} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button">
              {t.searchSubmit}
            </button>
          </div>
        </form>
        {q &&
          (search.isPending ? (
            <Loading />
          ) : search.isError ? (
            <LoadError error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data.items.length === 0 ? (
            <p className="notice" role="status">
              {t.noResults}
            </p>
          ) : (
            <ul className="link-list" aria-label={t.results}>
              {search.data.items.map((item) => (
                <EntryLink key={item.slug} slug={item.slug} name={item.name} detail={item.short_name ?? undefined} />
              ))}
            </ul>
          ))}
      </section>
      <section aria-labelledby="directory-unconfirmed">
        <h2 id="directory-unconfirmed">{t.unconfirmedTitle}</h2>
        {all.isPending ? (
          <Loading />
        ) : all.isError ? (
          <LoadError error={all.error} onRetry={() => void all.refetch()} />
        ) : unconfirmed.length === 0 ? (
          <p>{t.unconfirmedNone}</p>
        ) : (
          <>
            <p>
              {t.unconfirmedIntro} <strong>{t.unconfirmedCount(unconfirmed.length)}</strong>
            </p>
            <ul className="link-list" data-testid="unconfirmed">
              {unconfirmed.map((item) => (
                <EntryLink
                  key={item.slug}
                  slug={item.slug}
                  name={item.name}
                  detail={item.assured_at ? t.confirmedOn(formatDay(item.assured_at, lang)) : t.never}
                />
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

function OrganisationEditor({ slug }: { slug: string }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang];
  const entry = useEditedOrganisation(slug);
  const all = useAllOrganisations(lang);
  const shown = entry.data ? (lang === 'de' ? entry.data.de : entry.data.en) : null;
  usePageTitle(shown ? `${shown.name} – ${t.title}` : t.title);
  const back = (
    <p>
      <Link to="?">{t.back}</Link>
    </p>
  );
  if (entry.isPending) return <Loading />;
  if (entry.isError)
    return isNotFound(entry.error) ? (
      <>
        {back}
        <h1>{t.title}</h1>
        <p>{t.notFound}</p>
      </>
    ) : (
      <LoadError error={entry.error} onRetry={() => void entry.refetch()} />
    );
  const others = (all.data?.items ?? []).map((o) => ({ slug: o.slug, name: o.name }));
  return (
    <>
      {back}
      <h1>{shown?.name}</h1>
      <p>
        <Link to={pathTo(lang, 'organisation', { slug })}>{t.publicPage}</Link>
      </p>
      <OrganisationForm key={`org-${slug}`} loaded={entry.data} others={others} />
      <ChannelSection loaded={entry.data} />
      <ResponsibilitySection loaded={entry.data} />
      <RelationSection loaded={entry.data} others={others} />
    </>
  );
}
