import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { NetworkNode, Responsibility, ResponsibilityRole, Topic } from '../api/client';
import { useNetwork, useResponsibilities, useTopics } from '../api/queries';
import { Loading, LoadError } from '../components/QueryState';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { usePageTitle } from '../lib/usePageTitle';

const ROLE_ORDER: Record<ResponsibilityRole, number> = { lead: 0, shared_lead: 1, formal: 2, support: 3 };

function RoleBadge({ role }: { role: ResponsibilityRole }) {
  const t = useTexts();
  return <span className={`role role--${role}`}>{t.roles[role]}</span>;
}

function TopicList({ topics, entries }: { topics: Topic[]; entries: Responsibility[] }) {
  return (
    <ul className="topic-answers">
      {topics.map((topic) => (
        <TopicAnswer key={topic.slug} topic={topic} entries={entries.filter((r) => r.topic.slug === topic.slug)} />
      ))}
    </ul>
  );
}

function TopicAnswer({ topic, entries }: { topic: Topic; entries: Responsibility[] }) {
  const t = useTexts();
  const to = usePaths();
  return (
    <li className="card topic-answer">
      <h3>{topic.name}</h3>
      <p className="muted">{topic.description}</p>
      <ul className="topic-answer__orgs">
        {entries.map((r) => (
          <li key={r.id}>
            <p className="topic-answer__org">
              <Link to={to('organisation', { slug: r.organisation.slug })}>{r.organisation.name}</Link>
              <RoleBadge role={r.role} />
            </p>
            <p>
              {r.description} ({r.region ? t.common.region(r.region) : t.common.wholeState})
            </p>
          </li>
        ))}
      </ul>
    </li>
  );
}

function Matrix({ topics, entries, nodes }: { topics: Topic[]; entries: Responsibility[]; nodes: NetworkNode[] }) {
  const t = useTexts();
  const to = usePaths();
  const captionId = useId();
  const columns = [...new Map(entries.map((r) => [r.organisation.slug, r.organisation])).values()];
  const short = (slug: string) => nodes.find((n) => n.id === slug)?.short_name;
  const cell = (topic: string, org: string) => entries.find((r) => r.topic.slug === topic && r.organisation.slug === org);
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="matrix">
        <caption id={captionId}>
          {t.responsibilities.caption}
          <span className="visually-hidden"> ({t.responsibilities.scrollHint})</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.responsibilities.topic}</th>
            {columns.map((org) => (
              <th scope="col" key={org.slug}>
                <Link to={to('organisation', { slug: org.slug })} title={org.name}>
                  {short(org.slug) ?? org.name}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {topics.map((topic) => (
            <tr key={topic.slug}>
              <th scope="row">
                <Link to={`?topic=${encodeURIComponent(topic.slug)}`}>{topic.name}</Link>
              </th>
              {columns.map((org) => {
                const r = cell(topic.slug, org.slug);
                return <td key={org.slug}>{r && <RoleBadge role={r.role} />}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ResponsibilitiesPage() {
  const t = useTexts();
  const lang = useLang();
  const fieldId = useId();
  const [params, setParams] = useSearchParams();
  const selected = params.get('topic') ?? '';
  usePageTitle(t.responsibilities.title);
  const topics = useTopics(lang);
  const responsibilities = useResponsibilities(lang);
  const network = useNetwork(lang);

  const failed = [topics, responsibilities, network].find((q) => q.isError);
  const shownTopics = (topics.data ?? []).filter((topic) => !selected || topic.slug === selected);
  const shownEntries = (responsibilities.data ?? [])
    .filter((r) => shownTopics.some((topic) => topic.slug === r.topic.slug))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);

  return (
    <>
      <h1>{t.responsibilities.title}</h1>
      <p className="lead">{t.responsibilities.intro}</p>

      <div className="field field--inline">
        <label htmlFor={fieldId}>{t.responsibilities.topicLabel}</label>
        <select
          id={fieldId}
          value={selected}
          onChange={(event) => setParams(event.target.value ? { topic: event.target.value } : {})}
        >
          <option value="">{t.responsibilities.allTopics}</option>
          {topics.data?.map((topic) => (
            <option key={topic.slug} value={topic.slug}>
              {topic.name}
            </option>
          ))}
        </select>
      </div>

      {failed?.error && <LoadError error={failed.error} onRetry={() => void failed.refetch()} />}
      {!failed && (!topics.data || !responsibilities.data || !network.data) && <Loading />}
      {topics.data && responsibilities.data && network.data && (
        <>
          <div aria-live="polite">
            {selected && (
              <section aria-labelledby="answer-title" className="section">
                <h2 id="answer-title">{t.responsibilities.answerTitle(shownTopics[0]?.name ?? selected)}</h2>
                <TopicList topics={shownTopics} entries={shownEntries} />
              </section>
            )}
          </div>

          <section aria-labelledby="matrix-title" className="section">
            <h2 id="matrix-title">{t.responsibilities.matrixTitle}</h2>
            <Matrix topics={shownTopics} entries={shownEntries} nodes={network.data.nodes} />
            <h3>{t.responsibilities.rolesTitle}</h3>
            <dl className="roles-legend">
              {(Object.keys(ROLE_ORDER) as ResponsibilityRole[]).map((role) => (
                <div key={role}>
                  <dt>
                    <RoleBadge role={role} />
                  </dt>
                  <dd>{t.roleHints[role]}</dd>
                </div>
              ))}
            </dl>
          </section>

          {!selected && (
            <section aria-labelledby="answers-title" className="section">
              <h2 id="answers-title">{t.responsibilities.byTopic}</h2>
              <TopicList topics={shownTopics} entries={shownEntries} />
            </section>
          )}
        </>
      )}
    </>
  );
}
