import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Organisation, OrganisationKind } from '../api/client';
import { useOrganisations, useTopics } from '../api/queries';
import { Icon } from '../components/Icon';
import { Loading, LoadError } from '../components/QueryState';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { usePageTitle } from '../lib/usePageTitle';

export const SEARCH_DELAY_MS = 300;

function ResultCard({ organisation }: { organisation: Organisation }) {
  const t = useTexts();
  const to = usePaths();
  return (
    <li className="card result">
      <h2 className="result__title">
        <Link to={to('organisation', { slug: organisation.slug })}>{organisation.name}</Link>
      </h2>
      <p className="result__meta">
        <span className="tag">{t.kinds[organisation.kind]}</span>
        {organisation.short_name !== organisation.name && <span>{organisation.short_name}</span>}
      </p>
      <p className="result__text">{organisation.description}</p>
    </li>
  );
}

export default function DirectoryPage() {
  const t = useTexts();
  const lang = useLang();
  const to = usePaths();
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kindParam = params.get('kind') ?? '';
  const kind = kindParam in t.kinds ? (kindParam as OrganisationKind) : undefined;
  const topic = params.get('topic') ?? '';
  const cursors = params.getAll('cursor');
  usePageTitle(t.directory.title);

  const topics = useTopics(lang);
  const results = useOrganisations(lang, {
    q: q.trim() || undefined,
    kind,
    topic: topic || undefined,
    cursor: cursors.at(-1),
  });

  const search = (changes: Record<string, string>, replace = false) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete('cursor');
    setParams(next, { replace });
  };

  // Search as you type: the field updates the URL once typing pauses.
  const [text, setText] = useState(q);
  const pushed = useRef(q);
  useEffect(() => {
    if (q !== pushed.current) {
      pushed.current = q;
      setText(q);
    }
  }, [q]);
  useEffect(() => {
    if (text === pushed.current) return;
    const timer = setTimeout(() => {
      pushed.current = text;
      search({ q: text }, true);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  });

  const pageSearch = (list: string[]) => {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    list.forEach((cursor) => next.append('cursor', cursor));
    return `?${next}`;
  };
  const items = results.data?.items ?? [];
  const nextCursor = results.data?.next_cursor;

  return (
    <>
      <h1>{t.directory.title}</h1>
      <p className="lead">{t.directory.intro}</p>

      <form
        role="search"
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          pushed.current = text;
          search({ q: text });
        }}
      >
        <div className="field filters__search">
          <label htmlFor={`${ids}-q`}>{t.directory.searchLabel}</label>
          <p id={`${ids}-q-hint`} className="hint">
            {t.directory.searchHint}
          </p>
          <div className="search-row">
            <input
              id={`${ids}-q`}
              type="search"
              name="q"
              value={text}
              autoComplete="off"
              aria-describedby={`${ids}-q-hint`}
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="button">
              {t.directory.search}
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-kind`}>{t.directory.kindLabel}</label>
          <select id={`${ids}-kind`} value={kind ?? ''} onChange={(event) => search({ kind: event.target.value })}>
            <option value="">{t.directory.allKinds}</option>
            {Object.entries(t.kinds).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-topic`}>{t.directory.topicLabel}</label>
          <select id={`${ids}-topic`} value={topic} onChange={(event) => search({ topic: event.target.value })}>
            <option value="">{t.directory.allTopics}</option>
            {topics.data?.map((item) => (
              <option key={item.slug} value={item.slug}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        {(q || kind || topic) && (
          <p className="filters__reset">
            <Link to={to('directory')}>{t.directory.reset}</Link>
          </p>
        )}
      </form>

      <p role="status" className="results-status">
        {results.data && t.directory.results(items.length, Boolean(nextCursor))}
      </p>
      {results.isPending && <Loading />}
      {results.isError && <LoadError error={results.error} onRetry={() => void results.refetch()} />}
      <ul className="results" aria-busy={results.isFetching}>
        {items.map((organisation) => (
          <ResultCard key={organisation.id} organisation={organisation} />
        ))}
      </ul>

      {(cursors.length > 0 || nextCursor) && (
        <nav className="pagination" aria-label={t.directory.pagination}>
          {cursors.length > 0 && (
            <Link to={pageSearch(cursors.slice(0, -1))} className="button button--secondary">
              {t.directory.previous}
            </Link>
          )}
          <span className="pagination__current">{t.directory.page(cursors.length + 1)}</span>
          {nextCursor && (
            <Link to={pageSearch([...cursors, nextCursor])} className="button button--secondary">
              {t.directory.next}
              <Icon name="arrow" size={18} />
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
