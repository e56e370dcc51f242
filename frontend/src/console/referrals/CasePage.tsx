// /konsole/meldungen/{id}: one referral for coordinators and case workers: the details, the
// routing suggestion, the moves the API allows this person now (assign, take up, close, …)
// with internal and public notes, and the history. A 409 (a colleague was faster) is explained
// and the page shows the new state.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isNotFound, LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { staffApi, useSession, type Problem } from '../../session';
import { formatMoment } from '../format';
import { useReferral, useReferralHistory, type Referral, type ReferralStatus } from '../queries';
import { REFERRAL_TEXTS, statusLabel, type Outcome, type OutcomeReason } from '../referralTexts';
import { useStaffPaths, useStaffRoute } from '../useConsole';
import { UrgencyBadge } from './InboxPage';
import { REFERRAL_CONSOLE_TEXTS } from './texts';
import { allowedMoves, PROGRAMMES } from './workflow';

const REASONS: readonly OutcomeReason[] = ['declined', 'not_reachable', 'no_capacity', 'not_in_scope', 'other'];

type Feedback = { kind: 'saved' | 'conflict' | 'error'; text: string } | null;

export default function CasePage() {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].case;
  const to = useStaffPaths();
  const id = useStaffRoute().params.id ?? '';
  const referral = useReferral(id);
  const history = useReferralHistory(id);
  usePageTitle(referral.data ? t.title(referral.data.reference) : undefined);

  if (referral.isPending) return <Loading />;
  if (referral.isError) {
    return isNotFound(referral.error) ? (
      <>
        <h1>{REFERRAL_CONSOLE_TEXTS[lang].inbox.title}</h1>
        <p>{t.notFound}</p>
        <p>
          <Link to={to('referrals')}>{t.back}</Link>
        </p>
      </>
    ) : (
      <LoadError error={referral.error} onRetry={() => void referral.refetch()} />
    );
  }
  const item = referral.data;

  return (
    <>
      <p>
        <Link to={to('referrals')}>{t.back}</Link>
      </p>
      <h1>{t.title(item.reference)}</h1>
      {item.urgency === 'acute' && (
        <p className="emergency-advice" role="note">
          <strong>{t.acute}</strong>
        </p>
      )}
      <div className="case-layout">
        <div className="case-layout__main">
          <Facts item={item} />
          <Details item={item} />
        </div>
        <div className="case-layout__side">
          <Actions item={item} />
          <section aria-labelledby="case-history">
            <h2 id="case-history">{t.history}</h2>
            {history.isPending ? (
              <Loading />
            ) : history.isError ? (
              <LoadError error={history.error} onRetry={() => void history.refetch()} />
            ) : (
              <HistoryList entries={history.data} />
            )}
          </section>
        </div>
      </div>
    </>
  );
}

function Facts({ item }: { item: Referral }) {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].case;
  const r = REFERRAL_TEXTS[lang];
  return (
    <section aria-labelledby="case-facts">
      <h2 id="case-facts">{t.facts}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t.status}</dt>
          <dd>
            <strong>{statusLabel(r, item.status)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t.urgency}</dt>
          <dd>
            <UrgencyBadge urgency={item.urgency} />
          </dd>
        </div>
        <div>
          <dt>{t.received}</dt>
          <dd>{formatMoment(item.created_at, lang)}</dd>
        </div>
        <div>
          <dt>{t.from}</dt>
          <dd>{item.submitted_by.name}</dd>
        </div>
        <div>
          <dt>{t.assignee}</dt>
          <dd>{item.assignee?.name ?? t.nobody}</dd>
        </div>
      </dl>
    </section>
  );
}

function Details({ item }: { item: Referral }) {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].case;
  const r = REFERRAL_TEXTS[lang];
  const d = item.details;
  if (!d) return null;
  if (d.erased) return <p className="notice">{t.erased}</p>;
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  const subject = d.subject;
  const rows = (pairs: [string, string | null | undefined][]) => (
    <dl className="summary-list">
      {pairs.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value || t.none}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <>
      {subject && (
        <section aria-labelledby="case-person">
          <h2 id="case-person">{t.person}</h2>
          {rows([
            subject.pseudonym
              ? [t.pseudonym, subject.pseudonym]
              : [t.name, [subject.first_name, subject.last_name].filter(Boolean).join(' ')],
            [t.birthYear, subject.birth_year?.toString()],
            [t.gender, subject.gender ? r.gender[subject.gender] : null],
            [t.municipality, subject.municipality],
          ])}
        </section>
      )}
      <section aria-labelledby="case-concern">
        <h2 id="case-concern">{t.concern}</h2>
        <p className="prewrap">{d.concern}</p>
        {rows([
          [t.indicators, d.indicators.map((code) => r.indicators[code]).join(', ')],
          [t.topic, (r.topic as Record<string, string>)[d.topic] ?? d.topic],
          [t.preferred, PROGRAMMES.find((p) => p.slug === d.preferred_programme)?.name],
          ...(d.outcome
            ? ([[t.outcome, [r.outcome[d.outcome], d.outcome_reason && r.outcomeReason[d.outcome_reason]].filter(Boolean).join(': ')]] as [string, string][])
            : []),
        ])}
      </section>
      <section aria-labelledby="case-consent">
        <h2 id="case-consent">{t.consent}</h2>
        {rows([
          [t.informed, yesNo(d.consent.person_informed)],
          [t.consented, yesNo(d.consent.consent_given)],
          [t.legalBasis, d.consent.legal_basis],
          [t.reason, d.consent.reason_without_consent],
        ])}
      </section>
      {d.contact_person && (
        <section aria-labelledby="case-contact">
          <h2 id="case-contact">{t.contact}</h2>
          {rows([
            [t.name, d.contact_person.name],
            ['E-Mail', d.contact_person.email],
            [lang === 'de' ? 'Telefon' : 'Phone', d.contact_person.phone],
          ])}
        </section>
      )}
    </>
  );
}

function Actions({ item }: { item: Referral }) {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].case;
  const r = REFERRAL_TEXTS[lang];
  const session = useSession();
  const queryClient = useQueryClient();
  const moves = allowedMoves(item.status, session.principal?.scopes ?? []);
  const suggested = item.routing_suggestion?.programme?.slug ?? '';
  const [to, setTo] = useState<ReferralStatus | ''>(moves[0] ?? '');
  const [assignee, setAssignee] = useState(suggested);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reason, setReason] = useState<OutcomeReason | ''>('');
  const [note, setNote] = useState('');
  const [publicNote, setPublicNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);

  // When the status changes (own move or a colleague's), offer the moves that fit now.
  useEffect(() => {
    setTo((current) => (current && moves.includes(current) ? current : (moves[0] ?? '')));
  }, [item.status]);
  useEffect(() => {
    if (feedback) feedbackRef.current?.focus();
  }, [feedback]);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['staff', 'referral', item.id] }),
      queryClient.invalidateQueries({ queryKey: ['staff', 'referral-history', item.id] }),
      queryClient.invalidateQueries({ queryKey: ['staff', 'referrals'] }),
    ]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!to || busy) return;
    if (to === 'assigned' && !assignee) return setMissing(t.needProgramme);
    if (to === 'closed' && !outcome) return setMissing(t.needOutcome);
    if (to === 'closed' && outcome === 'not_successful' && !reason) return setMissing(t.needReason);
    setMissing(null);
    setBusy(true);
    setFeedback(null);
    try {
      const result = await staffApi.POST('/api/v1/referrals/{referral_id}/transitions', {
        params: { path: { referral_id: item.id } },
        body: {
          to,
          assignee: to === 'assigned' ? assignee : null,
          note: note.trim() || null,
          public_note: publicNote.trim() || null,
          outcome: to === 'closed' ? outcome || null : null,
          outcome_reason: to === 'closed' && outcome === 'not_successful' ? reason || null : null,
        },
      });
      if (result.data) {
        queryClient.setQueryData(['staff', 'referral', item.id], result.data);
        setNote('');
        setPublicNote('');
        setOutcome('');
        setReason('');
        setFeedback({ kind: 'saved', text: t.saved(statusLabel(r, result.data.status)) });
        await refresh();
        return;
      }
      const status = result.response.status;
      if (status === 409) {
        await refresh();
        const fresh = queryClient.getQueryData<Referral>(['staff', 'referral', item.id]);
        setFeedback({ kind: 'conflict', text: t.conflict(statusLabel(r, fresh?.status ?? item.status)) });
      } else if (status === 403 || status === 404) {
        setFeedback({ kind: 'error', text: t.forbidden });
      } else {
        setFeedback({ kind: 'error', text: (result.error as Problem | undefined)?.detail ?? t.failed });
      }
    } catch {
      setFeedback({ kind: 'error', text: t.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="case-actions">
      {session.has('referrals:triage') && item.routing_suggestion && (
        <div className="card card--accent routing">
          <h2>{t.routing}</h2>
          {item.routing_suggestion.programme ? (
            <p>
              <strong>{item.routing_suggestion.programme.name}</strong>
            </p>
          ) : (
            <p>{t.routingNone}</p>
          )}
          <p className="muted">{item.routing_suggestion.reason}</p>
          {moves.includes('assigned') && item.routing_suggestion.programme && <p className="muted">{t.routingUse}</p>}
        </div>
      )}
      <h2 id="case-actions">{t.actions}</h2>
      {feedback && (
        <div
          ref={feedbackRef}
          tabIndex={-1}
          role={feedback.kind === 'saved' ? 'status' : 'alert'}
          className={`notice ${feedback.kind === 'saved' ? 'notice--success' : feedback.kind === 'conflict' ? 'notice--warning' : 'notice--error'}`}
        >
          <p>{feedback.text}</p>
        </div>
      )}
      {moves.length === 0 ? (
        <p className="muted">{t.noActions}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          {missing && (
            <p className="notice notice--error" role="alert">
              {missing}
            </p>
          )}
          <fieldset>
            <legend>{t.move}</legend>
            <ul className="choices">
              {moves.map((move) => (
                <li key={move} className="choice">
                  <input type="radio" id={`move-${move}`} name="move" checked={to === move} onChange={() => setTo(move)} />
                  <label htmlFor={`move-${move}`}>{t.moveTo[move]}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          {to === 'assigned' && (
            <div className="field">
              <label htmlFor="move-assignee">{t.programme}</label>
              <select id="move-assignee" value={assignee} onChange={(event) => setAssignee(event.target.value)}>
                <option value="">{t.choose}</option>
                {PROGRAMMES.map((programme) => (
                  <option key={programme.slug} value={programme.slug}>
                    {programme.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {to === 'closed' && (
            <>
              <div className="field">
                <label htmlFor="move-outcome">{t.outcomeLabel}</label>
                <select id="move-outcome" value={outcome} onChange={(event) => setOutcome(event.target.value as Outcome | '')}>
                  <option value="">{t.choose}</option>
                  <option value="successful">{r.outcome.successful}</option>
                  <option value="not_successful">{r.outcome.not_successful}</option>
                </select>
              </div>
              {outcome === 'not_successful' && (
                <div className="field">
                  <label htmlFor="move-reason">{t.outcomeReason}</label>
                  <select id="move-reason" value={reason} onChange={(event) => setReason(event.target.value as OutcomeReason | '')}>
                    <option value="">{t.choose}</option>
                    {REASONS.map((code) => (
                      <option key={code} value={code}>
                        {r.outcomeReason[code]}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </>
          )}
          <div className="field">
            <label htmlFor="move-note">
              {t.note} <span className="muted">({t.optional})</span>
            </label>
            <p className="hint" id="move-note-hint">
              {t.noteHint}
            </p>
            <textarea id="move-note" rows={3} maxLength={5000} aria-describedby="move-note-hint" value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="move-public-note">
              {t.publicNote} <span className="muted">({t.optional})</span>
            </label>
            <p className="hint" id="move-public-note-hint">
              {t.publicNoteHint}
            </p>
            <textarea
              id="move-public-note"
              rows={3}
              maxLength={2000}
              aria-describedby="move-public-note-hint"
              value={publicNote}
              onChange={(event) => setPublicNote(event.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t.submitting : t.submit}
          </button>
        </form>
      )}
    </section>
  );
}

function HistoryList({ entries }: { entries: NonNullable<ReturnType<typeof useReferralHistory>['data']> }) {
  const lang = useLang();
  const t = REFERRAL_CONSOLE_TEXTS[lang].case;
  const r = REFERRAL_TEXTS[lang];
  return (
    <ol className="timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.occurred_at}-${index}`}>
          <p className="timeline__when">
            <time dateTime={entry.occurred_at}>{formatMoment(entry.occurred_at, lang)}</time>
          </p>
          <p>
            <strong>
              {entry.from_status
                ? t.historyBy(statusLabel(r, entry.from_status), statusLabel(r, entry.to_status ?? entry.status))
                : statusLabel(r, entry.to_status ?? entry.status)}
            </strong>
            {entry.assignee && <> · {entry.assignee.name}</>}
            {entry.outcome && <> · {r.outcome[entry.outcome]}</>}
            {entry.outcome_reason && <> ({r.outcomeReason[entry.outcome_reason]})</>}
          </p>
          {entry.note && (
            <p className="note--internal">
              <span className="badge">{t.internal}</span> {entry.note}
            </p>
          )}
          {entry.public_note && (
            <p>
              <span className="badge">{t.public}</span> {entry.public_note}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

