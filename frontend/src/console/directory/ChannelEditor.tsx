// One contact channel: label (German and English), value, visibility, languages, address and
// opening hours; saved with the channel's version, with the conflict shown on a 412.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang, useTexts } from '../../i18n/useLang';
import { WEEKDAYS } from '../../lib/openingHours';
import { deleteChannel, fieldErrors, patchChannel, readChannel, type Bilingual, type ChannelOut } from './api';
import { ConfirmDelete } from './ConfirmDelete';
import { ConflictNotice, type Describe } from './ConflictNotice';
import { channelDraft, channelPatch, isAddressKind } from './entries';
import { FeedbackNotice } from './Feedback';
import { BilingualField, SaveBar, TextField, type FormLike } from './fields';
import { dayKey, type HoursProblem } from './hours';
import { HoursFields, hoursSummary } from './HoursFields';
import { DIRECTORY_TEXTS } from './texts';
import { useEntryForm } from './useEntryForm';

export const VISIBILITIES = ['public', 'partners', 'internal'] as const;

export function VisibilityField({ form, idPrefix, error }: { form: FormLike; idPrefix: string; error?: string }) {
  const t = DIRECTORY_TEXTS[useLang()].channels;
  return (
    <fieldset className={error ? 'field--error' : undefined} aria-describedby={error ? `${idPrefix}-visibility-error` : undefined}>
      <legend>{t.visibility}</legend>
      {error && (
        <p className="field__error" id={`${idPrefix}-visibility-error`}>
          {error}
        </p>
      )}
      <ul className="choices choices--inline">
        {VISIBILITIES.map((value) => (
          <li key={value} className="choice">
            <input
              type="radio"
              id={`${idPrefix}-visibility-${value}`}
              name={`${idPrefix}-visibility`}
              checked={form.draft.visibility === value}
              onChange={() => form.set('visibility', value)}
            />
            <label htmlFor={`${idPrefix}-visibility-${value}`}>{t.visibilities[value]}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function AddressFields({ form, idPrefix, errors }: { form: FormLike; idPrefix: string; errors: Record<string, string> }) {
  const t = DIRECTORY_TEXTS[useLang()].channels;
  return (
    <fieldset>
      <legend>{t.address}</legend>
      {errors.address && <p className="field__error">{errors.address}</p>}
      <TextField form={form} name="street" id={`${idPrefix}-street`} label={t.street} />
      <div className="field-row">
        <TextField form={form} name="postal_code" id={`${idPrefix}-postal-code`} label={t.postalCode} inputMode="numeric" />
        <TextField form={form} name="city" id={`${idPrefix}-city`} label={t.city} />
      </div>
      <div className="field-row">
        <TextField form={form} name="state" id={`${idPrefix}-state`} label={t.state} optional />
        <TextField form={form} name="country" id={`${idPrefix}-country`} label={t.country} />
      </div>
    </fieldset>
  );
}

export function ChannelEditor({ slug, channelId, onDeleted }: { slug: string; channelId: string; onDeleted: () => void }) {
  const channel = useQuery({
    queryKey: ['staff', 'directory', 'channel', slug, channelId],
    queryFn: () => readChannel(slug, channelId),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  if (channel.isPending) return <Loading />;
  if (channel.isError) return <LoadError error={channel.error} onRetry={() => void channel.refetch()} />;
  return <ChannelForm loaded={channel.data} slug={slug} onDeleted={onDeleted} />;
}

function ChannelForm({ loaded, slug, onDeleted }: { loaded: Bilingual<ChannelOut>; slug: string; onDeleted: () => void }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang];
  const pub = useTexts();
  const id = loaded.de.id;
  const idPrefix = `channel-${id}`;
  const queryClient = useQueryClient();
  const form = useEntryForm(loaded, channelDraft, () => readChannel(slug, id), () => {
    void queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...(form.feedback?.kind === 'invalid' ? fieldErrors(form.feedback.problem) : {}), ...local };
  const address = isAddressKind(String(form.draft.kind));

  const hourError = (problem: HoursProblem) =>
    problem.error === 'order' ? t.hours.orderError : problem.error === 'date' ? t.hours.dateError : t.hours.formatError;

  function submit(event: FormEvent) {
    event.preventDefault();
    void form.save(async (draft, changed, etag) => {
      const patch = channelPatch(draft, changed);
      if ('problems' in patch) {
        const found = Object.fromEntries(patch.problems.map((p) => [p.field, hourError(p)]));
        setLocal(found);
        return { kind: 'invalid', problem: undefined, local: found };
      }
      setLocal({});
      return patchChannel(slug, id, etag, patch.body);
    });
  }

  async function remove() {
    const outcome = await deleteChannel(slug, id, form.etag);
    if (outcome.kind === 'saved' || outcome.kind === 'gone') {
      await queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });
      onDeleted();
    } else if (outcome.kind === 'conflict') {
      void form.showConflict();
    }
  }

  const labels: Record<string, string> = {
    label_de: t.inGerman(t.channels.label),
    label_en: t.inEnglish(t.channels.label),
    value: t.channels.value,
    visibility: t.channels.visibility,
    languages: t.channels.languages,
    street: t.channels.street,
    postal_code: t.channels.postalCode,
    city: t.channels.city,
    state: t.channels.state,
    country: t.channels.country,
    hours: t.hours.has,
    hours_holidays: t.hours.holidays,
    hours_exceptions: t.hours.exceptions,
    ...Object.fromEntries(WEEKDAYS.map((day) => [dayKey(day), `${t.hours.title}: ${pub.weekdays[day]}`])),
  };
  const show: Describe = (key, value) =>
    key === 'visibility'
      ? t.channels.visibilities[value as 'public'] ?? String(value)
      : hoursSummary(value, key, { yes: t.conflict.yes, no: t.conflict.no, closed: t.hours.summaryClosed });

  return (
    <div className="channel-editor">
      <ConflictNotice form={form} labelOf={(key) => labels[key] ?? key} show={show} idPrefix={idPrefix} />
      <FeedbackNotice feedback={form.feedback} />
      <form onSubmit={submit} noValidate aria-label={t.channels.edit(loaded.de.label)}>
        <BilingualField form={form} name="label" idPrefix={idPrefix} label={t.channels.label} errors={errors} />
        <TextField form={form} name="value" id={`${idPrefix}-value`} label={t.channels.value} hint={t.channels.valueHint} error={errors.value} />
        <VisibilityField form={form} idPrefix={idPrefix} error={errors.visibility} />
        <TextField form={form} name="languages" id={`${idPrefix}-languages`} label={t.channels.languages} hint={t.channels.languagesHint} optional error={errors.languages} />
        {address && <AddressFields form={form} idPrefix={idPrefix} errors={errors} />}
        <HoursFields form={form} idPrefix={idPrefix} errors={errors} />
        <SaveBar form={form}>
          <ConfirmDelete label={t.channels.delete} onDelete={() => void remove()} />
        </SaveBar>
      </form>
    </div>
  );
}
