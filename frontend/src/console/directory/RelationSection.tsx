// Relations of an organisation, read subject -> object ("this organisation is member of …"),
// and those where it is the object. A relation is recorded or deleted, never changed.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { RelationKind } from '../../api/client';
import { useLang, useTexts } from '../../i18n/useLang';
import { createRelation, deleteRelation, fieldErrors, type Bilingual, type OrganisationOut } from './api';
import { FeedbackNotice } from './Feedback';
import { DIRECTORY_TEXTS } from './texts';
import type { Feedback } from './useEntryForm';

const KINDS: readonly RelationKind[] = ['member_of', 'part_of', 'runs', 'funds', 'integrated_in'];

export function RelationSection({ loaded, others }: { loaded: Bilingual<OrganisationOut>; others: { slug: string; name: string }[] }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang].relations;
  const pub = useTexts();
  const shown = lang === 'de' ? loaded.de : loaded.en;
  const slug = loaded.de.slug;
  const queryClient = useQueryClient();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [savedText, setSavedText] = useState(t.added);
  const [kind, setKind] = useState<RelationKind | ''>('');
  const [object, setObject] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });

  async function remove(id: string) {
    const outcome = await deleteRelation(id);
    setSavedText(t.deleted);
    setFeedback(outcome.kind === 'saved' ? { kind: 'saved' } : outcome.kind === 'invalid' ? outcome : { kind: 'failed' });
    await refresh();
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    setSavedText(t.added);
    if (!kind || !object) return setFeedback({ kind: 'invalid', problem: undefined, local: { kind: t.missing } });
    const outcome = await createRelation({ subject: slug, kind, object });
    if (outcome.kind === 'saved') {
      setKind('');
      setObject('');
      setFeedback({ kind: 'saved' });
      await refresh();
    } else setFeedback(outcome.kind === 'invalid' ? { ...outcome, local: fieldErrors(outcome.problem) } : { kind: 'failed' });
  }

  const rows = [
    ...shown.relations.map((r) => ({ id: r.id, text: `${shown.name} ${pub.relations[r.kind].verb} ${r.organisation.name}` })),
    ...shown.incoming_relations.map((r) => ({ id: r.id, text: `${r.organisation.name} ${pub.relations[r.kind].verb} ${shown.name}` })),
  ];
  return (
    <section aria-labelledby="org-relations">
      <h2 id="org-relations">{t.title}</h2>
      <FeedbackNotice feedback={feedback} saved={savedText} />
      {rows.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="entry-list">
          {rows.map((row) => (
            <li key={row.id} className="entry entry__head">
              <span>{row.text}</span>
              <button type="button" className="link-button" onClick={() => void remove(row.id)} aria-label={t.delete(row.text)}>
                {t.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="filters" onSubmit={(event) => void add(event)} aria-labelledby="new-relation-title" noValidate>
        <h3 id="new-relation-title">{t.addTitle}</h3>
        <div className="field field--inline">
          <label htmlFor="new-relation-kind">{t.kind}</label>
          <select id="new-relation-kind" value={kind} onChange={(event) => setKind(event.target.value as RelationKind | '')}>
            <option value="">{t.choose}</option>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {pub.relations[value].verb}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="new-relation-object">{t.other}</label>
          <select id="new-relation-object" value={object} onChange={(event) => setObject(event.target.value)}>
            <option value="">{t.choose}</option>
            {others
              .filter((o) => o.slug !== slug)
              .map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t.add}
          </button>
        </div>
      </form>
    </section>
  );
}
