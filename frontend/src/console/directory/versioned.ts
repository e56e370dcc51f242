// The form model of a directory entry and what a conflict (412) means for it: the entry as
// loaded (base), the person's input (draft) and the version someone else saved meanwhile
// (current). Pure functions, so the rules are tested without a browser.

/** A day that differs from the weekly plan, as the form holds it. */
export interface ExceptionDraft {
  date: string;
  closed: boolean;
  /** "09:00–12:00, 13:00–15:00" when not closed. */
  spans: string;
  note: string;
}

export type DraftValue = string | boolean | readonly ExceptionDraft[];
/** One entry as a flat form: field key -> value. Texts have one key per language (`name_de`). */
export type Draft = Readonly<Record<string, DraftValue>>;

const same = (a: DraftValue | undefined, b: DraftValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The keys the person changed since loading the entry. */
export function changedKeys(base: Draft, draft: Draft): string[] {
  return Object.keys(draft).filter((key) => !same(base[key], draft[key]));
}

export interface Difference {
  key: string;
  /** As the person loaded it. */
  before: DraftValue | undefined;
  /** As someone else saved it meanwhile. */
  now: DraftValue | undefined;
  /** The person's own input for this field, where they changed it too. */
  mine?: DraftValue;
}

/** What the other change did: every field that differs between base and current. */
export function otherChanges(base: Draft, current: Draft, draft: Draft): Difference[] {
  const mine = new Set(changedKeys(base, draft));
  const keys = [...new Set([...Object.keys(base), ...Object.keys(current)])];
  return keys
    .filter((key) => !same(base[key], current[key]))
    .map((key) => ({ key, before: base[key], now: current[key], ...(mine.has(key) ? { mine: draft[key] } : {}) }));
}

/** The person's own changes (against what they loaded), to show what will be re-applied. */
export function ownChanges(base: Draft, draft: Draft): Difference[] {
  return changedKeys(base, draft).map((key) => ({ key, before: base[key], now: draft[key] }));
}

/**
 * The person's input re-applied to the current version: the current values, with the fields
 * the person changed set to their input (theirs wins only where they changed something).
 */
export function reapply(base: Draft, draft: Draft, current: Draft): Draft {
  const next: Record<string, DraftValue> = { ...current };
  for (const key of changedKeys(base, draft)) {
    const value = draft[key];
    if (value !== undefined) next[key] = value;
  }
  return next;
}

/**
 * The English text as the form shows it. Reads fall back to German when no English text is
 * stored, so an English read equal to the German one means "no English text".
 */
export function englishOf(de: string | null | undefined, en: string | null | undefined): string {
  return !en || en === de ? '' : en;
}
