// The basic data of an organisation (German and English side by side) and "confirm as current".
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { OrganisationKind } from '../../api/client';
import { useLang, useTexts } from '../../i18n/useLang';
import { formatDay, formatMoment } from '../format';
import { fieldErrors, patchOrganisation, readOrganisation, type Bilingual, type OrganisationOut } from './api';
import { ConflictNotice, type Describe } from './ConflictNotice';
import { organisationDraft, organisationPatch } from './entries';
import { FeedbackNotice } from './Feedback';
import { BilingualField, SaveBar, SelectField, TextField } from './fields';
import { DIRECTORY_TEXTS } from './texts';
import { useEntryForm } from './useEntryForm';

export const KINDS: readonly OrganisationKind[] = [
  'centre',
  'ministry',
  'police',
  'intelligence_service',
  'association',
  'programme',
  'working_group',
  'network',
  'municipality',
  'agency',
];

export function OrganisationForm({
  loaded,
  others,
}: {
  loaded: Bilingual<OrganisationOut>;
  others: { slug: string; name: string }[];
}) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang];
  const pub = useTexts();
  const slug = loaded.de.slug;
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['staff', 'directory'] });
  const form = useEntryForm(loaded, organisationDraft, () => readOrganisation(slug), refresh);
  const errors = form.feedback?.kind === 'invalid' ? fieldErrors(form.feedback.problem) : {};
  const assuredAt = loaded.de.assured_at;
  const [savedText, setSavedText] = useState<string | undefined>();

  const labels: Record<string, string> = {
    name_de: t.inGerman(t.organisation.name),
    name_en: t.inEnglish(t.organisation.name),
    short_name: t.organisation.shortName,
    kind: t.organisation.kind,
    description_de: t.inGerman(t.organisation.description),
    description_en: t.inEnglish(t.organisation.description),
    website: t.organisation.website,
    region: t.organisation.region,
    parent: t.organisation.parent,
    founded: t.organisation.founded,
    founded_by_de: t.inGerman(t.organisation.foundedBy),
    founded_by_en: t.inEnglish(t.organisation.foundedBy),
  };
  const show: Describe = (key, value) =>
    key === 'kind' ? (pub.kinds[value as OrganisationKind] ?? String(value)) : key === 'parent' ? (others.find((o) => o.slug === value)?.name ?? String(value ?? '')) : String(value ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    setSavedText(undefined);
    void form.save((draft, changed, etag) => patchOrganisation(slug, etag, organisationPatch(draft, changed)));
  }

  function confirm() {
    setSavedText(t.confirm.done(formatDay(new Date().toISOString(), lang)));
    void form.save((_draft, _changed, etag) => patchOrganisation(slug, etag, { assured: true }), true);
  }

  return (
    <section aria-labelledby="org-basics">
      <h2 id="org-basics">{t.organisation.title}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t.organisation.updatedAt}</dt>
          <dd>{formatMoment(loaded.de.updated_at, lang)}</dd>
        </div>
        <div>
          <dt>{t.organisation.assuredAt}</dt>
          <dd data-testid="assured-at">{assuredAt ? formatDay(assuredAt, lang) : t.never}</dd>
        </div>
      </dl>
      <ConflictNotice form={form} labelOf={(key) => labels[key] ?? key} show={show} idPrefix="org" />
      <FeedbackNotice feedback={form.feedback} saved={savedText} />
      <form onSubmit={submit} noValidate aria-labelledby="org-basics">
        <BilingualField form={form} name="name" idPrefix="org" label={t.organisation.name} errors={errors} />
        <div className="field-row">
          <TextField form={form} name="short_name" id="org-short-name" label={t.organisation.shortName} optional error={errors.short_name} />
          <SelectField
            form={form}
            name="kind"
            id="org-kind"
            label={t.organisation.kind}
            options={KINDS.map((kind) => ({ value: kind, label: pub.kinds[kind] }))}
            error={errors.kind}
          />
        </div>
        <BilingualField form={form} name="description" idPrefix="org" label={t.organisation.description} errors={errors} multiline optional />
        <div className="field-row">
          <TextField form={form} name="website" id="org-website" label={t.organisation.website} hint={t.organisation.websiteHint} optional inputMode="url" error={errors.website} />
          <TextField form={form} name="region" id="org-region" label={t.organisation.region} hint={t.organisation.regionHint} optional inputMode="numeric" error={errors.region} />
        </div>
        <div className="field-row">
          <SelectField
            form={form}
            name="parent"
            id="org-parent"
            label={t.organisation.parent}
            options={[{ value: '', label: t.organisation.noParent }, ...others.filter((o) => o.slug !== slug).map((o) => ({ value: o.slug, label: o.name }))]}
            error={errors.parent}
          />
          <TextField form={form} name="founded" id="org-founded" label={t.organisation.founded} optional inputMode="numeric" error={errors.founded} />
        </div>
        <BilingualField form={form} name="founded_by" idPrefix="org" label={t.organisation.foundedBy} errors={errors} optional />
        <SaveBar form={form} />
      </form>
      <div className="card confirm-card">
        <h3>{t.confirm.title}</h3>
        <p>{t.confirm.intro}</p>
        {form.changed.length > 0 && <p className="hint">{t.confirm.unsaved}</p>}
        <button type="button" className="button button--secondary" onClick={confirm} disabled={form.busy || form.changed.length > 0 || Boolean(form.conflict)}>
          {t.confirm.button}
        </button>
      </div>
    </section>
  );
}
