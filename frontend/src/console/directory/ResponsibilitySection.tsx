// The responsibilities of an organisation: topic, role, region, description in two languages.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ResponsibilityRole } from '../../api/client';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang, useTexts } from '../../i18n/useLang';
import {
  createResponsibility,
  deleteResponsibility,
  fieldErrors,
  patchResponsibility,
  readResponsibility,
  type Bilingual,
  type OrganisationOut,
  type ResponsibilityOut,
} from './api';
import { ConfirmDelete } from './ConfirmDelete';
import { ConflictNotice, type Describe } from './ConflictNotice';
import { responsibilityDraft, responsibilityPatch } from './entries';
import { FeedbackNotice } from './Feedback';
import { BilingualField, SaveBar, SelectField, TextField, type FormLike } from './fields';
import { useTopics } from './queries';
import { DIRECTORY_TEXTS } from './texts';
import { useEntryForm, type Feedback } from './useEntryForm';
import type { Draft, DraftValue } from './versioned';

const ROLES: readonly ResponsibilityRole[] = ['formal', 'lead', 'shared_lead', 'support'];

function ResponsibilityFields({ form, idPrefix, errors }: { form: FormLike; idPrefix: string; errors: Record<string, string> }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang].responsibilities;
  const pub = useTexts();
  const topics = useTopics(lang);
  return (
    <>
      <div className="field-row">
        <SelectField
          form={form}
          name="topic"
          id={`${idPrefix}-topic`}
          label={t.topic}
          error={errors.topic}
          options={[{ value: '', label: t.choose }, ...(topics.data?.items ?? []).map((topic) => ({ value: topic.slug, label: topic.name }))]}
        />
        <SelectField
          form={form}
          name="role"
          id={`${idPrefix}-role`}
          label={t.role}
          error={errors.role}
          options={[{ value: '', label: t.choose }, ...ROLES.map((role) => ({ value: role, label: pub.roles[role] }))]}
        />
        <TextField form={form} name="region" id={`${idPrefix}-region`} label={t.region} hint={t.regionHint} optional inputMode="numeric" error={errors.region} />
      </div>
      <BilingualField form={form} name="description" idPrefix={idPrefix} label={t.description} errors={errors} multiline optional />
    </>
  );
}

export function ResponsibilitySection({ loaded }: { loaded: Bilingual<OrganisationOut> }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang].responsibilities;
  const pub = useTexts();
  const shown = lang === 'de' ? loaded.de : loaded.en;
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<Feedback | null>(null);
  return (
    <section aria-labelledby="org-responsibilities">
      <h2 id="org-responsibilities">{t.title}</h2>
      <FeedbackNotice feedback={notice} saved={t.deleted} />
      {shown.responsibilities.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="entry-list">
          {shown.responsibilities.map((item) => (
            <li key={item.id} className="entry">
              <div className="entry__head">
                <p>
                  <strong>{item.topic.name}</strong>: {pub.roles[item.role]} · {item.region ?? t.wholeState}
                </p>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-expanded={open === item.id}
                  onClick={() => {
                    setNotice(null);
                    setOpen(open === item.id ? null : item.id);
                  }}
                >
                  {open === item.id ? DIRECTORY_TEXTS[lang].channels.close : t.edit(item.topic.name)}
                </button>
              </div>
              {open === item.id && (
                <ResponsibilityEditor
                  id={item.id}
                  slug={loaded.de.slug}
                  onDeleted={() => {
                    setOpen(null);
                    setNotice({ kind: 'saved' });
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <NewResponsibility slug={loaded.de.slug} />
    </section>
  );
}

function ResponsibilityEditor({ id, slug, onDeleted }: { id: string; slug: string; onDeleted: () => void }) {
  const entry = useQuery({ queryKey: ['staff', 'directory', 'responsibility', id], queryFn: () => readResponsibility(id), staleTime: Infinity, gcTime: 0, retry: false });
  if (entry.isPending) return <Loading />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => void entry.refetch()} />;
  return <ResponsibilityForm loaded={entry.data} slug={slug} onDeleted={onDeleted} />;
}

function ResponsibilityForm({ loaded, slug, onDeleted }: { loaded: Bilingual<ResponsibilityOut>; slug: string; onDeleted: () => void }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang];
  const pub = useTexts();
  const id = loaded.de.id;
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });
  const form = useEntryForm(loaded, responsibilityDraft, () => readResponsibility(id), refresh);
  const errors = form.feedback?.kind === 'invalid' ? fieldErrors(form.feedback.problem) : {};
  const labels: Record<string, string> = {
    topic: t.responsibilities.topic,
    role: t.responsibilities.role,
    region: t.responsibilities.region,
    description_de: t.inGerman(t.responsibilities.description),
    description_en: t.inEnglish(t.responsibilities.description),
  };
  const show: Describe = (key, value) => (key === 'role' ? (pub.roles[value as ResponsibilityRole] ?? String(value)) : String(value ?? ''));

  function submit(event: FormEvent) {
    event.preventDefault();
    void form.save((draft, changed, etag) => patchResponsibility(id, etag, responsibilityPatch(draft, changed)));
  }
  async function remove() {
    const outcome = await deleteResponsibility(id, form.etag);
    if (outcome.kind === 'saved' || outcome.kind === 'gone') {
      await queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });
      onDeleted();
    } else if (outcome.kind === 'conflict') void form.showConflict();
  }
  const idPrefix = `resp-${id}`;
  return (
    <div className="channel-editor">
      <ConflictNotice form={form} labelOf={(key) => labels[key] ?? key} show={show} idPrefix={idPrefix} />
      <FeedbackNotice feedback={form.feedback} />
      <form onSubmit={submit} noValidate aria-label={t.responsibilities.edit(loaded.de.topic.name)}>
        <ResponsibilityFields form={form} idPrefix={idPrefix} errors={errors} />
        <SaveBar form={form}>
          <ConfirmDelete label={t.responsibilities.delete} onDelete={() => void remove()} />
        </SaveBar>
      </form>
    </div>
  );
}

const EMPTY: Draft = { topic: '', role: '', region: '', description_de: '', description_en: '' };

function NewResponsibility({ slug }: { slug: string }) {
  const t = DIRECTORY_TEXTS[useLang()];
  const queryClient = useQueryClient();
  const [expanded, setExpanded] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const form = { draft, set: (key: string, value: DraftValue) => setDraft((d) => ({ ...d, [key]: value })) };
  const errors = feedback?.kind === 'invalid' ? { ...fieldErrors(feedback.problem), ...feedback.local } : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.topic || !draft.role) {
      setFeedback({ kind: 'invalid', problem: undefined, local: { topic: t.responsibilities.missing } });
      return;
    }
    const de = String(draft.description_de).trim();
    const outcome = await createResponsibility({
      topic: String(draft.topic),
      organisation: slug,
      role: draft.role as ResponsibilityRole,
      region: String(draft.region).trim() || null,
      description: de ? { de, en: String(draft.description_en).trim() || null } : null,
    });
    if (outcome.kind === 'saved') {
      setDraft(EMPTY);
      setFeedback({ kind: 'saved' });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });
    } else setFeedback(outcome.kind === 'invalid' ? outcome : { kind: 'failed' });
  }

  return (
    <div className="add-entry">
      <button type="button" className="button button--secondary" aria-expanded={expanded} aria-controls="new-responsibility" onClick={() => setExpanded(!expanded)}>
        {t.responsibilities.add}
      </button>
      <form id="new-responsibility" hidden={!expanded} onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-responsibility-title">
        <h3 id="new-responsibility-title">{t.responsibilities.addTitle}</h3>
        <FeedbackNotice feedback={feedback} saved={t.responsibilities.added} />
        <ResponsibilityFields form={form} idPrefix="new-responsibility" errors={errors} />
        <div className="form-actions">
          <button type="submit" className="button">
            {t.responsibilities.add}
          </button>
        </div>
      </form>
    </div>
  );
}
