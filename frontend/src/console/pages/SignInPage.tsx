// Sign-in with e-mail and password, and the code of the second factor when the account has one.
// Afterwards it returns to the page one was on (`?next=`), or to one's start page.
import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { pathTo } from '../../i18n/routes';
import { useLang, useTexts } from '../../i18n/useLang';
import { formatWait } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { SignInRefused, useSession } from '../../session';
import { homeFor, safeReturnPath } from '../routes';
import { useConsoleTexts, useStaffPaths } from '../useConsole';

/** OAuth error codes of the token endpoint that ask for the second factor. */
const NEEDS_CODE = new Set(['second_factor_required']);
const WRONG_CODE = new Set(['invalid_second_factor']);

export default function SignInPage() {
  const t = useConsoleTexts();
  const pub = useTexts();
  const lang = useLang();
  const to = useStaffPaths();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  usePageTitle(t.signIn.title);

  if (session.status === 'signed-in' && session.principal && !busy) {
    return <Navigate replace to={next ?? to(homeFor(session.principal.scopes))} />;
  }

  function fail(message: string) {
    setError(message);
    requestAnimationFrame(() => errorRef.current?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) return fail(t.signIn.missing);
    if (step === 'code' && !otp.trim()) return fail(t.signIn.otpMissing);
    setBusy(true);
    setError(null);
    try {
      const me = await session.signIn({ email: email.trim(), password, otp: step === 'code' ? otp.trim() : undefined });
      navigate(next ?? to(homeFor(me.scopes)), { replace: true });
    } catch (refused) {
      if (!(refused instanceof SignInRefused)) return fail(t.signIn.error);
      if (refused.code && NEEDS_CODE.has(refused.code)) {
        setStep('code');
        requestAnimationFrame(() => codeRef.current?.focus());
        return;
      }
      if (refused.code && WRONG_CODE.has(refused.code)) {
        setOtp('');
        return fail(t.signIn.otpFailed);
      }
      if (refused.status === 429) {
        const when = refused.retryAt && formatWait(refused.retryAt, new Date(), pub);
        return fail(when ? t.signIn.tooMany(when) : t.signIn.tooManyLater);
      }
      if (refused.status === 400 || refused.status === 401) {
        setStep('password');
        setOtp('');
        return fail(t.signIn.failed);
      }
      return fail(t.signIn.error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <h1>{t.signIn.title}</h1>
      {session.expired ? (
        <p className="notice notice--warning" role="status">
          {t.signIn.expired}
        </p>
      ) : next ? (
        <p className="notice">{t.signIn.again}</p>
      ) : (
        <p>{t.signIn.intro}</p>
      )}
      {error && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={errorRef}>
          <p>{error}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {step === 'password' ? (
          <>
            <div className="field">
              <label htmlFor="sign-in-email">{t.signIn.email}</label>
              <input
                id="sign-in-email"
                type="email"
                name="username"
                autoComplete="username"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="sign-in-password">{t.signIn.password}</label>
              <input
                id="sign-in-password"
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            </div>
          </>
        ) : (
          <>
            <p>{t.signIn.otpIntro}</p>
            <div className="field">
              <label htmlFor="sign-in-otp">{t.signIn.otp}</label>
              <p className="hint" id="sign-in-otp-hint">
                {t.signIn.otpHint}
              </p>
              <input
                id="sign-in-otp"
                ref={codeRef}
                name="otp"
                autoComplete="one-time-code"
                inputMode="text"
                spellCheck={false}
                aria-describedby="sign-in-otp-hint"
                required
                value={otp}
                onChange={(event) => setOtp(event.target.value)}
              />
            </div>
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--large" disabled={busy}>
            {busy ? t.signIn.submitting : t.signIn.submit}
          </button>
          {step === 'code' && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setStep('password');
                setOtp('');
                setError(null);
              }}
            >
              {t.signIn.back}
            </button>
          )}
        </div>
      </form>
      <p className="muted">
        {t.signIn.noPublicAccount} <Link to={pathTo(lang, 'contact', { slug: 'kip-ni' })}>{t.signIn.contact}</Link>
      </p>
    </div>
  );
}
