// /konto: one's own account. The second factor (enrol an authenticator app: QR code, the key
// as text, a code to confirm, ten recovery codes shown once), the password, signing out everywhere.
// An account whose role requires a second factor but has none is sent here before anything else.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang, useTexts } from '../../i18n/useLang';
import { formatDate } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { ApiError, useSession } from '../../session';
import { ErrorSummary, FormField } from '../FormField';
import { homeFor } from '../routes';
import { useStaffPaths } from '../useConsole';
import {
  changePassword,
  confirmEnrolment,
  disableSecondFactor,
  groupSecret,
  renewRecoveryCodes,
  isCode,
  loadStatus,
  normaliseCode,
  passwordErrors,
  refusedPassword,
  signOutEverywhere,
  startEnrolment,
  statusKey,
  type FieldError,
  type SecondFactorSetup,
} from './account';
import { ACCOUNT_TEXTS, type AccountTexts } from './texts';

function useAccountTexts(): AccountTexts {
  return ACCOUNT_TEXTS[useLang()];
}

function focusLater(element: () => HTMLElement | null) {
  requestAnimationFrame(() => element()?.focus());
}

export default function AccountPage() {
  const t = useAccountTexts();
  const { principal } = useSession();
  usePageTitle(t.title);
  return (
    <div className="account">
      <h1>{t.title}</h1>
      {principal?.email && <p>{t.intro(principal.email)}</p>}
      {principal?.enrolment_required && (
        <p className="notice notice--warning" role="status">
          {t.enrolFirst}
        </p>
      )}
      <SecondFactorSection />
      {!principal?.enrolment_required && (
        <>
          <PasswordSection />
          <SessionsSection />
        </>
      )}
    </div>
  );
}

function SecondFactorSection() {
  const t = useAccountTexts().factor;
  const pub = useTexts();
  const session = useSession();
  const navigate = useNavigate();
  const to = useStaffPaths();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: statusKey, queryFn: loadStatus });
  const [setup, setSetup] = useState<SecondFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [wasRequired, setWasRequired] = useState(false);
  const [renewed, setRenewed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const codesHeading = useRef<HTMLHeadingElement>(null);
  const setupHeading = useRef<HTMLHeadingElement>(null);

  async function start() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setSetup(await startEnrolment());
      focusLater(() => setupHeading.current);
    } catch {
      setError(t.error);
    } finally {
      setBusy(false);
    }
  }

  async function confirmed(recoveryCodes: string[]) {
    setWasRequired(Boolean(session.principal?.enrolment_required));
    setRenewed(false);
    setSetup(null);
    setCodes(recoveryCodes);
    focusLater(() => codesHeading.current);
    await queryClient.invalidateQueries({ queryKey: statusKey });
    await session.reload();
  }

  async function done() {
    setCodes(null);
    if (wasRequired && session.principal) navigate(to(homeFor(session.principal.scopes)));
  }

  if (codes) {
    return (
      <section aria-labelledby="factor-title" className="account__section">
        <h2 id="factor-title">{t.title}</h2>
        <div className="notice notice--success">
          <h3 ref={codesHeading} tabIndex={-1}>
            {renewed ? t.renewedTitle : t.doneTitle}
          </h3>
        </div>
        <h3 id="codes-title">{t.codesTitle}</h3>
        <p>{t.codesIntro}</p>
        <ol className="recovery-codes" aria-labelledby="codes-title">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <button type="button" className="button" onClick={done}>
          {wasRequired ? t.continue : t.codesDone}
        </button>
      </section>
    );
  }

  return (
    <section aria-labelledby="factor-title" className="account__section">
      <h2 id="factor-title">{t.title}</h2>
      <p>{t.intro}</p>
      {notice && (
        <p className="notice notice--success" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <LoadError error={status.error} onRetry={() => void status.refetch()} />
      ) : status.data.enrolled ? (
        <>
          <p>
            {status.data.enrolled_at ? t.enrolledSince(formatDate(status.data.enrolled_at, pub)) : t.enrolled}{' '}
            {t.codesLeft(status.data.recovery_codes_left)}
          </p>
          <PasswordForm
            id="factor-renew"
            title={t.renewTitle}
            hint={t.renewHint}
            submit={t.renew}
            secondary={false}
            send={async (password) => {
              const fresh = await renewRecoveryCodes(password);
              setWasRequired(false);
              setRenewed(true);
              setCodes(fresh);
              focusLater(() => codesHeading.current);
              await queryClient.invalidateQueries({ queryKey: statusKey });
            }}
          />
          {status.data.required ? (
            <p>{t.required}</p>
          ) : (
            <PasswordForm
              id="factor-disable"
              title={t.disableTitle}
              hint={t.disableHint}
              submit={t.disable}
              secondary
              send={async (password) => {
                await disableSecondFactor(password);
                setNotice(t.disabled);
                await queryClient.invalidateQueries({ queryKey: statusKey });
                await session.reload();
              }}
            />
          )}
        </>
      ) : setup ? (
        <EnrolForm setup={setup} headingRef={setupHeading} onConfirmed={confirmed} onCancel={() => setSetup(null)} />
      ) : (
        <>
          <p>{t.none}</p>
          <button type="button" className="button" onClick={start} disabled={busy}>
            {busy ? t.starting : t.start}
          </button>
        </>
      )}
    </section>
  );
}

function EnrolForm({
  setup,
  headingRef,
  onConfirmed,
  onCancel,
}: {
  setup: SecondFactorSetup;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onConfirmed: (codes: string[]) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useAccountTexts().factor;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!isCode(code)) {
      setError(t.codeMissing);
      return input.current?.focus();
    }
    setBusy(true);
    setError(undefined);
    try {
      await onConfirmed(await confirmEnrolment(normaliseCode(code)));
    } catch (refused) {
      setCode('');
      setError(refused instanceof ApiError && refused.status === 422 ? t.codeWrong : t.error);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h3 ref={headingRef} tabIndex={-1}>
        {t.step1}
      </h3>
      <p>{t.step1Text}</p>
      {/* The SVG comes from our own API (segno, no script, no style): a picture of the otpauth URI. */}
      <div className="qr-code" role="img" aria-label={t.qrLabel} dangerouslySetInnerHTML={{ __html: setup.qr_svg }} />
      <p>{t.manual}</p>
      <p>
        <span className="visually-hidden">{t.secretLabel}: </span>
        <code className="secret" data-secret={setup.secret}>
          {groupSecret(setup.secret)}
        </code>
      </p>
      <h3>{t.step2}</h3>
      <form onSubmit={submit} noValidate>
        <FormField id="factor-code" label={t.code} hint={t.codeHint} error={error}>
          {(props) => (
            <input
              {...props}
              ref={input}
              name="code"
              className="input--code"
              inputMode="numeric"
              autoComplete="one-time-code"
              spellCheck={false}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t.confirming : t.confirm}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t.cancel}
          </button>
        </div>
      </form>
    </>
  );
}

/** A form asking for the current password before an action (new recovery codes, removing the factor). */
function PasswordForm({
  id,
  title,
  hint,
  submit: label,
  secondary,
  send,
}: {
  id: string;
  title: string;
  hint: string;
  submit: string;
  secondary: boolean;
  send: (password: string) => Promise<void>;
}) {
  const t = useAccountTexts();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) return setError(t.password.currentMissing);
    setBusy(true);
    setError(undefined);
    try {
      await send(password);
      setPassword('');
    } catch (refused) {
      const why = refusedPassword(refused, t.password);
      setError(typeof why === 'string' ? why : t.password.currentWrong);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <FormField id={`${id}-password`} label={t.factor.confirmPassword(title)} hint={hint} error={error}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </FormField>
      <button type="submit" className={secondary ? 'button button--secondary' : 'button'} disabled={busy}>
        {label}
      </button>
    </form>
  );
}

function PasswordSection() {
  const t = useAccountTexts().password;
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const errorOf = (field: FieldError['field']) => errors.find((error) => error.field === field)?.text;
  const set = (field: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [field]: event.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const found = passwordErrors(form, t);
    setErrors(found);
    if (found.length) return focusLater(() => summary.current);
    setBusy(true);
    try {
      await changePassword(form.current, form.next);
      setForm({ current: '', next: '', repeat: '' });
      setMessage({ ok: true, text: t.done });
    } catch (refused) {
      const why = refusedPassword(refused, t);
      if (typeof why === 'string') setMessage({ ok: false, text: why });
      else {
        setErrors(why);
        focusLater(() => summary.current);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-title" className="account__section">
      <h2 id="password-title">{t.title}</h2>
      <ErrorSummary title={t.errorsTitle} errors={errors} focusRef={summary} />
      {message && (
        <p className={`notice ${message.ok ? 'notice--success' : 'notice--error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <FormField id="password-current" label={t.current} error={errorOf('password-current')}>
          {(props) => (
            <input {...props} type="password" autoComplete="current-password" value={form.current} onChange={set('current')} />
          )}
        </FormField>
        <FormField id="password-next" label={t.next} hint={t.nextHint} error={errorOf('password-next')}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={form.next} onChange={set('next')} />}
        </FormField>
        <FormField id="password-repeat" label={t.repeat} error={errorOf('password-repeat')}>
          {(props) => (
            <input {...props} type="password" autoComplete="new-password" value={form.repeat} onChange={set('repeat')} />
          )}
        </FormField>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </button>
      </form>
    </section>
  );
}

function SessionsSection() {
  const t = useAccountTexts().sessions;
  const session = useSession();
  const navigate = useNavigate();
  const to = useStaffPaths();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function everywhere() {
    setBusy(true);
    setError(null);
    try {
      await signOutEverywhere();
    } catch {
      setBusy(false);
      return setError(t.error);
    }
    // The server ended this session too; forget it here and go to the sign-in page.
    await session.signOut().catch(() => undefined);
    navigate(to('signIn'));
  }

  return (
    <section aria-labelledby="sessions-title" className="account__section">
      <h2 id="sessions-title">{t.title}</h2>
      <p>{t.text}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button button--secondary" onClick={everywhere} disabled={busy}>
        {busy ? t.submitting : t.submit}
      </button>
    </section>
  );
}
