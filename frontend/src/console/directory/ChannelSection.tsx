// The contact channels of an organisation (every visibility), each editable in place, and a
// form to add one.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ChannelKind } from '../../api/client';
import { useLang, useTexts } from '../../i18n/useLang';
import { createChannel, fieldErrors, type Bilingual, type ChannelCreate, type OrganisationOut } from './api';
import { AddressFields, ChannelEditor, VisibilityField } from './ChannelEditor';
import { channelAddress, channelLanguages, isAddressKind } from './entries';
import { FeedbackNotice } from './Feedback';
import { BilingualField, SelectField, TextField } from './fields';
import { DIRECTORY_TEXTS } from './texts';
import type { Feedback } from './useEntryForm';
import type { Draft, DraftValue } from './versioned';

const KINDS: readonly ChannelKind[] = ['postal_address', 'visiting_address', 'email', 'phone', 'fax', 'web_form', 'website'];

export function ChannelSection({ loaded }: { loaded: Bilingual<OrganisationOut> }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang].channels;
  const pub = useTexts();
  const slug = loaded.de.slug;
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<Feedback | null>(null);
  const shown = lang === 'de' ? loaded.de : loaded.en;

  return (
    <section aria-labelledby="org-channels">
      <h2 id="org-channels">{t.title}</h2>
      <FeedbackNotice feedback={notice} saved={t.deleted} />
      {shown.contact_channels.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="entry-list">
          {shown.contact_channels.map((channel) => (
            <li key={channel.id} className="entry">
              <div className="entry__head">
                <p>
                  <strong>{channel.label}</strong> <span className="muted">({pub.channels[channel.kind]})</span>{' '}
                  <span className={`badge badge--${channel.visibility}`}>{t.visibilityShort[channel.visibility]}</span>
                  <br />
                  <span className="entry__value">{channel.value}</span>
                </p>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-expanded={open === channel.id}
                  aria-controls={`channel-panel-${channel.id}`}
                  onClick={() => {
                    setNotice(null);
                    setOpen(open === channel.id ? null : channel.id);
                  }}
                >
                  {open === channel.id ? t.close : t.edit(channel.label)}
                </button>
              </div>
              <div id={`channel-panel-${channel.id}`} hidden={open !== channel.id}>
                {open === channel.id && (
                  <ChannelEditor
                    slug={slug}
                    channelId={channel.id}
                    onDeleted={() => {
                      setOpen(null);
                      setNotice({ kind: 'saved' });
                    }}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <NewChannel slug={slug} />
    </section>
  );
}

const EMPTY: Draft = { kind: 'email', label_de: '', label_en: '', value: '', visibility: '', languages: '', street: '', postal_code: '', city: '', state: '', country: 'DE' };

function NewChannel({ slug }: { slug: string }) {
  const lang = useLang();
  const t = DIRECTORY_TEXTS[lang];
  const pub = useTexts();
  const queryClient = useQueryClient();
  const [expanded, setExpanded] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [busy, setBusy] = useState(false);
  const form = { draft, set: (key: string, value: DraftValue) => setDraft((d) => ({ ...d, [key]: value })) };
  const errors = feedback?.kind === 'invalid' ? { ...fieldErrors(feedback.problem), ...feedback.local } : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.visibility) {
      setFeedback({ kind: 'invalid', problem: undefined, local: { visibility: t.channels.chooseVisibility } });
      return;
    }
    setBusy(true);
    const body: ChannelCreate = {
      kind: draft.kind as ChannelKind,
      label: { de: String(draft.label_de).trim(), en: String(draft.label_en).trim() || null },
      value: String(draft.value).trim(),
      visibility: draft.visibility as ChannelCreate['visibility'],
      languages: channelLanguages(draft),
      address: channelAddress(draft),
    };
    const outcome = await createChannel(slug, body).finally(() => setBusy(false));
    if (outcome.kind === 'saved') {
      setDraft(EMPTY);
      setFeedback({ kind: 'saved' });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'directory', 'organisation', slug] });
    } else setFeedback(outcome.kind === 'invalid' ? outcome : { kind: 'failed' });
  }

  return (
    <div className="add-entry">
      <button type="button" className="button button--secondary" aria-expanded={expanded} aria-controls="new-channel" onClick={() => setExpanded(!expanded)}>
        {t.channels.add}
      </button>
      <form id="new-channel" hidden={!expanded} onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-channel-title">
        <h3 id="new-channel-title">{t.channels.addTitle}</h3>
        <FeedbackNotice feedback={feedback} saved={t.channels.added} />
        <SelectField form={form} name="kind" id="new-channel-kind" label={t.channels.kind} options={KINDS.map((kind) => ({ value: kind, label: pub.channels[kind] }))} error={errors.kind} />
        <BilingualField form={form} name="label" idPrefix="new-channel" label={t.channels.label} errors={errors} />
        <TextField form={form} name="value" id="new-channel-value" label={t.channels.value} hint={t.channels.valueHint} error={errors.value} />
        <VisibilityField form={form} idPrefix="new-channel" error={errors.visibility} />
        <TextField form={form} name="languages" id="new-channel-languages" label={t.channels.languages} hint={t.channels.languagesHint} optional />
        {isAddressKind(String(draft.kind)) && <AddressFields form={form} idPrefix="new-channel" errors={errors} />}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t.saving : t.channels.add}
          </button>
        </div>
      </form>
    </div>
  );
}
