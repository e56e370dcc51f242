// /portal/meldungen/neu: the referral form in steps. The draft survives a reload (session
// storage, this tab only; cleared on sign-out and after sending) and carries one
// Idempotency-Key, so a double click or a retry never creates two referrals.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { clearDraft, loadDraft, saveDraft, useSession } from '../../session';
import { ErrorSummary, FormField } from '../FormField';
import { INDICATORS, REFERRAL_TEXTS } from '../referralTexts';
import { useStaffPaths } from '../useConsole';
import {
  emptyDraft,
  ERROR_FIELD,
  firstIncompleteStep,
  needsReason,
  sendReferral,
  STEP_COUNT,
  validateStep,
  type ErrorCode,
  type ReferralDraft,
  type ReferralReceipt,
} from './referralDraft';
import { PORTAL_TEXTS } from './texts';

const DRAFT = 'referral';
const fieldId = (name: string) => `ref-${name}`;

export function AcuteAdvice({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = PORTAL_TEXTS[useLang()].form.urgency;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="emergency-advice" role="alert">
      <Heading>{t.acuteTitle}</Heading>
      <p>{t.acuteText}</p>
      <p>
        <a href="tel:110" aria-label={t.call}>
          110
        </a>
      </p>
    </div>
  );
}

export default function NewReferralPage() {
  const lang = useLang();
  const t = PORTAL_TEXTS[lang].form;
  const r = REFERRAL_TEXTS[lang];
  const to = useStaffPaths();
  const { principal } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ReferralDraft>(() => loadDraft<ReferralDraft>(DRAFT) ?? emptyDraft(principal?.email ?? ''));
  const [errors, setErrors] = useState<ErrorCode[]>([]);
  const [serverErrors, setServerErrors] = useState<string[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [sending, setSending] = useState(false);
  const [receipt, setReceipt] = useState<ReferralReceipt | null>(null);
  const inFlight = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  usePageTitle(receipt ? t.sent.title : t.title);

  useEffect(() => {
    if (!receipt) saveDraft(DRAFT, draft);
  }, [draft, receipt]);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [draft.step]);

  useEffect(() => {
    if (errors.length || serverErrors?.length || failed) summaryRef.current?.focus();
  }, [errors, serverErrors, failed]);

  const set = <K extends keyof ReferralDraft>(key: K, value: ReferralDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const goTo = (step: number) => {
    setErrors([]);
    setServerErrors(null);
    setFailed(false);
    setDraft((current) => ({ ...current, step }));
  };
  const errorText = (code: ErrorCode) => t.errors[code];
  const errorOf = (code: ErrorCode) => (errors.includes(code) ? errorText(code) : undefined);

  function next() {
    const found = validateStep(draft, draft.step);
    if (found.length) return setErrors(found);
    goTo(draft.step + 1);
  }

  async function send() {
    if (inFlight.current) return; // a second click while the first is on its way
    const incomplete = firstIncompleteStep(draft);
    if (incomplete !== null) {
      goTo(incomplete);
      setErrors(validateStep(draft, incomplete));
      return;
    }
    inFlight.current = true;
    setSending(true);
    setServerErrors(null);
    setFailed(false);
    try {
      const result = await sendReferral(draft);
      if (result.kind === 'sent') {
        clearDraft(DRAFT);
        setReceipt(result.receipt);
        void queryClient.invalidateQueries({ queryKey: ['staff', 'referrals'] });
      } else if (result.kind === 'rejected') {
        const items = result.problem?.errors?.map((item) => `${item.loc.slice(1).join('.')}: ${item.msg}`) ?? [];
        setServerErrors(items.length ? items : [result.problem?.detail ?? result.problem?.title ?? '']);
      } else {
        setFailed(true);
      }
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  function restart() {
    setReceipt(null);
    setDraft(emptyDraft(principal?.email ?? ''));
  }

  if (receipt) {
    return (
      <>
        <h1>{t.sent.title}</h1>
        {receipt.urgency === 'acute' && <AcuteAdvice />}
        <div className="notice notice--success" role="status">
          <p>
            {t.sent.reference}: <strong>{receipt.reference}</strong>
          </p>
          <p>{t.sent.next}</p>
        </div>
        <p className="form-actions">
          <Link className="button" to={to('portalReferral', { id: receipt.id })}>
            {t.sent.open}
          </Link>
          <button type="button" className="button button--secondary" onClick={restart}>
            {t.sent.another}
          </button>
        </p>
      </>
    );
  }

  const step = draft.step;
  const summaryErrors = [
    ...errors.map((code) => ({ field: fieldId(ERROR_FIELD[code]), text: errorText(code) })),
    ...(serverErrors ?? []).map((text) => ({ field: fieldId('send'), text: `${t.errors.server} ${text}` })),
    ...(failed ? [{ field: fieldId('send'), text: t.errors.failed }] : []),
  ];

  const text = (name: keyof ReferralDraft & string, label: string, extra: { hint?: string; optional?: boolean; error?: ErrorCode; type?: string; autoComplete?: string; inputMode?: 'numeric' } = {}) => (
    <FormField id={fieldId(name)} label={label} hint={extra.hint} error={extra.error && errorOf(extra.error)} optional={extra.optional ? t.optional : undefined}>
      {(props) => (
        <input
          {...props}
          type={extra.type ?? 'text'}
          inputMode={extra.inputMode}
          autoComplete={extra.autoComplete ?? 'off'}
          value={draft[name] as string}
          onChange={(event) => set(name, event.target.value as never)}
        />
      )}
    </FormField>
  );

  const radios = <K extends 'naming' | 'urgency' | 'informed' | 'consented'>(
    name: K,
    legend: string,
    options: { value: ReferralDraft[K]; label: string; hint?: string }[],
    error?: ErrorCode,
    inline = false,
  ) => (
    <fieldset className={error && errors.includes(error) ? 'field--error' : undefined} aria-describedby={error && errors.includes(error) ? `${fieldId(name)}-error` : undefined}>
      <legend>{legend}</legend>
      {error && errors.includes(error) && (
        <p className="field__error" id={`${fieldId(name)}-error`}>
          {errorText(error)}
        </p>
      )}
      <ul className={`choices${inline ? ' choices--inline' : ''}`}>
        {options.map((option) => {
          const id = fieldId(`${name}-${option.value}`);
          return (
            <li key={option.value} className="choice">
              <input
                type="radio"
                id={id}
                name={fieldId(name)}
                checked={draft[name] === option.value}
                onChange={() => set(name, option.value)}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
              />
              <label htmlFor={id}>{option.label}</label>
              {option.hint && (
                <p className="hint" id={`${id}-hint`}>
                  {option.hint}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );

  const steps: ReactNode[] = [
    <>
      {radios('naming', t.person.legend, [
        { value: 'pseudonym', label: t.person.byPseudonym, hint: t.person.hint },
        { value: 'name', label: t.person.byName },
      ])}
      {draft.naming === 'pseudonym' ? (
        text('pseudonym', t.person.pseudonym, { error: 'name' })
      ) : (
        <>
          {text('firstName', t.person.firstName, { error: 'name' })}
          {text('lastName', t.person.lastName)}
        </>
      )}
      {text('birthYear', t.person.birthYear, { optional: true, error: 'birthYear', inputMode: 'numeric' })}
      <FormField id={fieldId('gender')} label={t.person.gender} optional={t.optional}>
        {(props) => (
          <select {...props} value={draft.gender} onChange={(event) => set('gender', event.target.value as ReferralDraft['gender'])}>
            <option value="">{t.person.genderNone}</option>
            {(['female', 'male', 'diverse', 'unknown'] as const).map((g) => (
              <option key={g} value={g}>
                {r.gender[g]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {text('municipality', t.person.municipality, { hint: t.person.municipalityHint, error: 'municipality' })}
    </>,
    <>
      <FormField id={fieldId('concern')} label={t.concern.concern} hint={t.concern.concernHint} error={errorOf('concern')}>
        {(props) => <textarea {...props} rows={7} maxLength={10000} value={draft.concern} onChange={(event) => set('concern', event.target.value)} />}
      </FormField>
      <fieldset aria-describedby={fieldId('indicators-hint')}>
        <legend>{t.concern.indicators}</legend>
        <p className="hint" id={fieldId('indicators-hint')}>
          {t.concern.indicatorsHint}
        </p>
        <ul className="choices">
          {INDICATORS.map((code) => (
            <li key={code} className="choice">
              <input
                type="checkbox"
                id={fieldId(`indicator-${code}`)}
                className="checkbox-input"
                checked={draft.indicators.includes(code)}
                onChange={(event) =>
                  set('indicators', event.target.checked ? [...draft.indicators, code] : draft.indicators.filter((c) => c !== code))
                }
              />
              <label htmlFor={fieldId(`indicator-${code}`)}>{r.indicators[code]}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <FormField id={fieldId('topic')} label={t.concern.topic} optional={t.optional}>
        {(props) => (
          <select {...props} value={draft.topic} onChange={(event) => set('topic', event.target.value as ReferralDraft['topic'])}>
            <option value="">{t.concern.topicNone}</option>
            <option value="exit-support">{r.topic['exit-support']}</option>
            <option value="counselling">{r.topic.counselling}</option>
          </select>
        )}
      </FormField>
      <FormField id={fieldId('programme')} label={t.concern.programme} optional={t.optional}>
        {(props) => (
          <select {...props} value={draft.programme} onChange={(event) => set('programme', event.target.value as ReferralDraft['programme'])}>
            <option value="">{t.concern.programmeNone}</option>
            <option value="aktion-neustart">Aktion Neustart</option>
            <option value="beraten">beRATen e.V.</option>
          </select>
        )}
      </FormField>
    </>,
    <>
      {radios(
        'urgency',
        t.urgency.legend,
        (['routine', 'urgent', 'acute'] as const).map((value) => ({ value, label: r.urgency[value], hint: t.urgency.hint[value] })),
        'urgency',
      )}
      {draft.urgency === 'acute' && <AcuteAdvice headingLevel={3} />}
    </>,
    <>
      <p className="notice">{t.consent.rule}</p>
      {radios('informed', t.consent.informed, [{ value: 'yes', label: t.consent.yes }, { value: 'no', label: t.consent.no }], 'informed', true)}
      {radios('consented', t.consent.consented, [{ value: 'yes', label: t.consent.yes }, { value: 'no', label: t.consent.no }], 'consented', true)}
      {text('legalBasis', t.consent.legalBasis, { hint: t.consent.legalBasisHint, optional: true })}
      {needsReason(draft) && (
        <FormField id={fieldId('reason')} label={t.consent.reason} hint={t.consent.reasonHint} error={errorOf('reason')}>
          {(props) => <textarea {...props} rows={4} maxLength={2000} value={draft.reason} onChange={(event) => set('reason', event.target.value)} />}
        </FormField>
      )}
    </>,
    <>
      <p>{t.contact.intro}</p>
      {text('contactName', t.contact.name, { error: 'contactName', autoComplete: 'name' })}
      {text('contactPhone', t.contact.phone, { optional: true, error: 'contactPhone', type: 'tel', autoComplete: 'tel' })}
      {text('contactEmail', t.contact.email, { error: 'contactEmail', type: 'email', autoComplete: 'email' })}
    </>,
    <Summary draft={draft} onChange={goTo} />,
  ];

  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ol className="steps" aria-label={t.stepsLabel}>
        {t.steps.map((label, index) => (
          <li key={label} aria-current={index === step ? 'step' : undefined}>
            {label}
          </li>
        ))}
      </ol>
      <ErrorSummary title={t.errorSummary} errors={summaryErrors} focusRef={summaryRef} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (step < STEP_COUNT - 1) next();
          else void send();
        }}
      >
        <h2 ref={headingRef} tabIndex={-1}>
          <span className="muted">{t.stepOf(step + 1, STEP_COUNT)}:</span> {t.steps[step]}
        </h2>
        {steps[step]}
        {step === STEP_COUNT - 1 && draft.urgency === 'acute' && <AcuteAdvice headingLevel={3} />}
        <div className="form-actions">
          {step < STEP_COUNT - 1 ? (
            <button type="submit" className="button">
              {t.next}
            </button>
          ) : (
            <button type="submit" id={fieldId('send')} className="button button--large" disabled={sending} aria-disabled={sending}>
              {sending ? t.summary.sending : t.summary.send}
            </button>
          )}
          {step > 0 && (
            <button type="button" className="button button--secondary" onClick={() => goTo(step - 1)}>
              {t.back}
            </button>
          )}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              if (!globalThis.confirm?.(t.discardConfirm)) return;
              clearDraft(DRAFT);
              setErrors([]);
              setDraft(emptyDraft(principal?.email ?? ''));
            }}
          >
            {t.discard}
          </button>
        </div>
      </form>
    </>
  );
}

function Summary({ draft, onChange }: { draft: ReferralDraft; onChange: (step: number) => void }) {
  const lang = useLang();
  const t = PORTAL_TEXTS[lang].form;
  const r = REFERRAL_TEXTS[lang];
  const none = t.summary.none;
  const yesNo = (value: string) => (value === 'yes' ? t.consent.yes : value === 'no' ? t.consent.no : none);
  const sections: { step: number; title: string; rows: [string, string][] }[] = [
    {
      step: 0,
      title: t.summary.person,
      rows: [
        draft.naming === 'pseudonym'
          ? [t.person.pseudonym, draft.pseudonym]
          : [`${t.person.firstName}, ${t.person.lastName}`, `${draft.firstName} ${draft.lastName}`],
        [t.person.birthYear, draft.birthYear || none],
        [t.person.gender, draft.gender ? r.gender[draft.gender] : none],
        [t.person.municipality, draft.municipality],
      ],
    },
    {
      step: 1,
      title: t.summary.concern,
      rows: [
        [t.concern.concern, draft.concern],
        [t.concern.indicators, draft.indicators.map((code) => r.indicators[code]).join(', ') || none],
        [t.concern.topic, draft.topic ? r.topic[draft.topic] : t.concern.topicNone],
        [t.concern.programme, draft.programme ? (draft.programme === 'beraten' ? 'beRATen e.V.' : 'Aktion Neustart') : t.concern.programmeNone],
      ],
    },
    { step: 2, title: t.summary.urgency, rows: [[t.summary.urgency, draft.urgency ? r.urgency[draft.urgency] : none]] },
    {
      step: 3,
      title: t.summary.consent,
      rows: [
        [t.summary.informed, yesNo(draft.informed)],
        [t.summary.consented, yesNo(draft.consented)],
        [t.consent.legalBasis, draft.legalBasis || none],
        ...(needsReason(draft) ? ([[t.consent.reason, draft.reason || none]] as [string, string][]) : []),
      ],
    },
    {
      step: 4,
      title: t.summary.contact,
      rows: [
        [t.contact.name, draft.contactName],
        [t.contact.phone, draft.contactPhone || none],
        [t.contact.email, draft.contactEmail],
      ],
    },
  ];
  return (
    <>
      <p>{t.summary.intro}</p>
      {sections.map((section) => (
        <section key={section.step} className="summary-section" aria-labelledby={`summary-${section.step}`}>
          <div className="summary-section__head">
            <h3 id={`summary-${section.step}`}>{section.title}</h3>
            <button type="button" className="link-button" onClick={() => onChange(section.step)}>
              {t.summary.change}
              <span className="visually-hidden">: {section.title}</span>
            </button>
          </div>
          <dl className="summary-list">
            {section.rows.map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
