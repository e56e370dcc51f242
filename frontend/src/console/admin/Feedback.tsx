// The answer to an admin's action: a notice that takes the focus, so screen readers hear it
// and keyboard users continue from there.
import { useEffect, useRef } from 'react';

export type FeedbackValue = { kind: 'success' | 'warning' | 'error'; text: string } | null;

export function Feedback({ value }: { value: FeedbackValue }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (value) ref.current?.focus();
  }, [value]);
  if (!value) return null;
  return (
    <div ref={ref} tabIndex={-1} role={value.kind === 'success' ? 'status' : 'alert'} className={`notice notice--${value.kind}`}>
      <p>{value.text}</p>
    </div>
  );
}

/** The problem's detail, when the API sent one. */
export function problemText(error: unknown, fallback: string): string {
  const detail = (error as { detail?: unknown } | undefined)?.detail;
  return typeof detail === 'string' && detail ? detail : fallback;
}
