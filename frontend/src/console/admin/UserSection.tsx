// The users table of /konsole/benutzer, with the actions on one user: set a new password,
// deactivate (after a confirmation), and the place for resetting the second factor.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { staffApi } from '../../session';
import { FormField } from '../FormField';
import { Feedback, problemText, type FeedbackValue } from './Feedback';
import { passwordFits } from './logic';
import { USERS_KEY, useUsers, type User } from './queries';
import { SecondFactorReset } from './SecondFactorReset';
import { ADMIN_TEXTS } from './texts';

type Pending = { kind: 'deactivate' | 'password'; user: User } | null;

export function UserSection() {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang];
  const users = useUsers();
  const [pending, setPending] = useState<Pending>(null);
  const [feedback, setFeedback] = useState<FeedbackValue>(null);
  const opener = useRef<HTMLElement | null>(null);
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];

  function open(next: NonNullable<Pending>, button: HTMLElement) {
    opener.current = button;
    setFeedback(null);
    setPending(next);
  }

  function finish(value: FeedbackValue) {
    setPending(null);
    setFeedback(value);
  }

  function cancel() {
    setPending(null);
    // Back to the button that opened it (it stays: nothing changed).
    requestAnimationFrame(() => opener.current?.focus());
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t.users.usersTitle}</h2>
      <Feedback value={feedback} />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <LoadError error={users.error} onRetry={() => void users.refetch()} />
      ) : items.length === 0 ? (
        <p className="notice">{t.users.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t.users.usersCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.users.email}</th>
                <th scope="col">{t.users.name}</th>
                <th scope="col">{t.users.role}</th>
                <th scope="col">{t.users.organisation}</th>
                <th scope="col">{t.users.status}</th>
                <th scope="col">{t.users.actions}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.email}</th>
                  <td>{user.name || t.common.none}</td>
                  <td>{t.users.roles[user.role]}</td>
                  <td>{user.organisation.name}</td>
                  <td>{user.is_active ? t.common.active : <span className="badge">{t.common.inactive}</span>}</td>
                  <td>
                    {user.is_active && (
                      <div className="row-actions">
                        <button type="button" className="link-button" onClick={(event) => open({ kind: 'password', user }, event.currentTarget)}>
                          {t.users.resetPassword}
                          <span className="visually-hidden"> ({user.email})</span>
                        </button>
                        <button type="button" className="link-button" onClick={(event) => open({ kind: 'deactivate', user }, event.currentTarget)}>
                          {t.users.deactivate}
                          <span className="visually-hidden"> ({user.email})</span>
                        </button>
                        {/* Second factor: its own spot, apart from the account actions above. */}
                        <SecondFactorReset user={user} onDone={finish} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          {t.common.more}
        </button>
      )}
      {pending?.kind === 'deactivate' && (
        <ConfirmDeactivate key={pending.user.id} user={pending.user} onDone={finish} onCancel={cancel} />
      )}
      {pending?.kind === 'password' && (
        <PasswordReset key={pending.user.id} user={pending.user} onDone={finish} onCancel={cancel} />
      )}
    </section>
  );
}

interface ActionProps {
  user: User;
  onDone: (value: FeedbackValue) => void;
  onCancel: () => void;
}

function ConfirmDeactivate({ user, onDone, onCancel }: ActionProps) {
  const t = ADMIN_TEXTS[useLang()];
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);

  async function deactivate() {
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/users/{user_id}/deactivate', { params: { path: { user_id: user.id } } });
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onDone(
        result.data
          ? { kind: 'success', text: t.users.deactivated(user.email) }
          : { kind: 'error', text: problemText(result.error, t.common.failed) },
      );
    } catch {
      onDone({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div ref={box} tabIndex={-1} className="notice notice--warning confirm" role="group" onKeyDown={(event) => event.key === 'Escape' && onCancel()} aria-labelledby="confirm-text">
      <p id="confirm-text">{t.users.confirmDeactivate(user.email)}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void deactivate()} disabled={busy}>
          {t.users.confirm}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </div>
  );
}

function PasswordReset({ user, onDone, onCancel }: ActionProps) {
  const t = ADMIN_TEXTS[useLang()];
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!passwordFits(password)) {
      setError(t.users.needPassword);
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/users/{user_id}/password', {
        params: { path: { user_id: user.id } },
        body: { password },
      });
      onDone(
        result.response.ok
          ? { kind: 'success', text: t.users.passwordSaved(user.email) }
          : { kind: 'error', text: problemText(result.error, t.common.failed) },
      );
    } catch {
      onDone({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card admin-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="password-title"
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <h3 id="password-title">{t.users.resetPasswordFor(user.email)}</h3>
      <FormField id="new-password" label={t.users.newPassword} hint={t.users.newPasswordHint} error={error}>
        {(props) => (
          <input
            {...props}
            ref={input}
            type="password"
            autoComplete="new-password"
            maxLength={128}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t.users.savePassword}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </form>
  );
}
