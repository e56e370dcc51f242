// What the last save said: saved, nothing to save, invalid input (with the API's reasons), …
import { useEffect, useRef } from 'react';
import { useLang } from '../../i18n/useLang';
import { DIRECTORY_TEXTS } from './texts';
import type { Feedback } from './useEntryForm';

export function FeedbackNotice({ feedback, saved }: { feedback: Feedback | null; saved?: string }) {
  const t = DIRECTORY_TEXTS[useLang()];
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (feedback) ref.current?.focus();
  }, [feedback]);
  if (!feedback) return null;
  const good = feedback.kind === 'saved' || feedback.kind === 'reapplied' || feedback.kind === 'discarded';
  const text =
    feedback.kind === 'saved'
      ? (saved ?? t.saved)
      : feedback.kind === 'nothing'
        ? t.nothingChanged
        : feedback.kind === 'reapplied'
          ? t.conflict.reapplied
          : feedback.kind === 'discarded'
            ? t.conflict.discarded
            : feedback.kind === 'gone'
              ? t.conflict.gone
              : feedback.kind === 'invalid'
                ? t.invalid
                : t.failed;
  const details =
    feedback.kind === 'invalid'
      ? [
          ...Object.values(feedback.local ?? {}),
          ...(feedback.problem?.errors?.map((e) => e.msg) ?? (feedback.problem?.detail ? [feedback.problem.detail] : [])),
        ]
      : [];
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={good || feedback.kind === 'nothing' ? 'status' : 'alert'}
      className={`notice ${good ? 'notice--success' : feedback.kind === 'nothing' ? '' : 'notice--error'}`}
    >
      <p>{text}</p>
      {details.length > 0 && (
        <ul>
          {details.map((detail, index) => (
            <li key={index}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
