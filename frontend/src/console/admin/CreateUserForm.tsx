// "Create a user" on /konsole/benutzer: e-mail, name, role, organisation and a first password.
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useLang } from '../../i18n/useLang';
import { staffApi } from '../../session';
import { ErrorSummary, FormField } from '../FormField';
import { Feedback, problemText, type FeedbackValue } from './Feedback';
import { passwordFits } from './logic';
import { ROLES, USERS_KEY, type Role } from './queries';
import { OrganisationSelect } from './OrganisationSelect';
import { ADMIN_TEXTS } from './texts';

const EMPTY = { email: '', name: '', role: '' as Role | '', organisation: '', password: '' };
type Field = keyof typeof EMPTY;

export function CreateUserForm() {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang];
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<{ field: Field; text: string }[]>([]);
  const [feedback, setFeedback] = useState<FeedbackValue>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const set = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const errorOf = (field: Field) => errors.find((error) => error.field === field)?.text;

  function check(): { field: Field; text: string }[] {
    const found: { field: Field; text: string }[] = [];
    if (!values.email.trim()) found.push({ field: 'email', text: t.users.needEmail });
    if (!values.role) found.push({ field: 'role', text: t.users.needRole });
    if (!values.organisation) found.push({ field: 'organisation', text: t.users.needOrganisation });
    if (!passwordFits(values.password)) found.push({ field: 'password', text: t.users.needPassword });
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    setFeedback(null);
    if (found.length || !values.role) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/users', {
        body: {
          email: values.email.trim(),
          name: values.name.trim(),
          role: values.role,
          organisation: values.organisation,
          password: values.password,
        },
      });
      if (result.data) {
        setValues(EMPTY);
        setFeedback({ kind: 'success', text: t.users.created(result.data.email) });
        await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      } else {
        const text = result.response.status === 409 ? t.users.duplicate : problemText(result.error, t.common.failed);
        setFeedback({ kind: 'error', text });
      }
    } catch {
      setFeedback({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t.users.createUser}</h2>
      <Feedback value={feedback} />
      <form className="admin-form" onSubmit={submit} noValidate>
        <ErrorSummary title={t.users.errorTitle} errors={errors.map((e) => ({ field: `user-${e.field}`, text: e.text }))} focusRef={summary} />
        <FormField id="user-email" label={t.users.email} error={errorOf('email')}>
          {(props) => (
            <input {...props} type="email" autoComplete="off" maxLength={254} value={values.email} onChange={(e) => set('email')(e.target.value)} />
          )}
        </FormField>
        <FormField id="user-name" label={t.users.name} optional={t.common.optional}>
          {(props) => <input {...props} type="text" autoComplete="off" maxLength={200} value={values.name} onChange={(e) => set('name')(e.target.value)} />}
        </FormField>
        <FormField id="user-role" label={t.users.role} error={errorOf('role')}>
          {(props) => (
            <select {...props} value={values.role} onChange={(e) => set('role')(e.target.value)}>
              <option value="">{t.common.choose}</option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t.users.roles[role]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="user-organisation" label={t.users.organisation} error={errorOf('organisation')}>
          {(props) => <OrganisationSelect {...props} value={values.organisation} onChange={set('organisation')} />}
        </FormField>
        <FormField id="user-password" label={t.users.password} hint={t.users.passwordHint} error={errorOf('password')}>
          {(props) => (
            <input {...props} type="password" autoComplete="new-password" maxLength={128} value={values.password} onChange={(e) => set('password')(e.target.value)} />
          )}
        </FormField>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.users.creating : t.users.create}
        </button>
      </form>
    </section>
  );
}
