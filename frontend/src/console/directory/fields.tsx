// Form fields of the directory editor: one-language fields and German/English pairs side by
// side, each labelled, with hint and the API's error for it.
import type { ReactNode } from 'react';
import { useLang } from '../../i18n/useLang';
import { FormField } from '../FormField';
import type { EntryForm } from './useEntryForm';
import { DIRECTORY_TEXTS } from './texts';

/** What a field needs of a form: its values and a way to change one. */
export type FormLike = Pick<EntryForm, 'draft' | 'set'>;

interface FieldProps {
  form: FormLike;
  name: string;
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  multiline?: boolean;
  lang?: 'de' | 'en';
  inputMode?: 'numeric' | 'email' | 'url' | 'tel' | 'text';
}

export function TextField({ form, name, id, label, hint, error, optional, multiline, lang, inputMode }: FieldProps) {
  const t = DIRECTORY_TEXTS[useLang()];
  const value = String(form.draft[name] ?? '');
  const onChange = (event: { target: { value: string } }) => form.set(name, event.target.value);
  return (
    <FormField id={id} label={label} hint={hint} error={error} optional={optional ? t.optional : undefined}>
      {(props) =>
        multiline ? (
          <textarea {...props} lang={lang} rows={5} value={value} onChange={onChange} />
        ) : (
          <input {...props} lang={lang} type="text" inputMode={inputMode} value={value} onChange={onChange} />
        )
      }
    </FormField>
  );
}

/** German and English of one text, side by side (stacked on narrow screens). */
export function BilingualField({
  form,
  name,
  idPrefix,
  label,
  errors,
  multiline,
  optional,
}: {
  form: FormLike;
  name: string;
  idPrefix: string;
  label: string;
  errors: Record<string, string>;
  multiline?: boolean;
  optional?: boolean;
}) {
  const t = DIRECTORY_TEXTS[useLang()];
  return (
    <div className="bilingual">
      <TextField
        form={form}
        name={`${name}_de`}
        id={`${idPrefix}-${name}-de`}
        label={t.inGerman(label)}
        lang="de"
        multiline={multiline}
        optional={optional}
        error={errors[name]}
      />
      <TextField
        form={form}
        name={`${name}_en`}
        id={`${idPrefix}-${name}-en`}
        label={t.inEnglish(label)}
        hint={t.englishHint}
        lang="en"
        multiline={multiline}
        optional
      />
    </div>
  );
}

export function SelectField({
  form,
  name,
  id,
  label,
  options,
  error,
  hint,
}: {
  form: FormLike;
  name: string;
  id: string;
  label: string;
  options: { value: string; label: string }[];
  error?: string;
  hint?: string;
}) {
  return (
    <FormField id={id} label={label} error={error} hint={hint}>
      {(props) => (
        <select {...props} value={String(form.draft[name] ?? '')} onChange={(event) => form.set(name, event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/** The save button and what the last attempt said. */
export function SaveBar({ form, children }: { form: EntryForm; children?: ReactNode }) {
  const t = DIRECTORY_TEXTS[useLang()];
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={form.busy || Boolean(form.conflict)}>
        {form.busy ? t.saving : t.save}
      </button>
      {children}
    </div>
  );
}
