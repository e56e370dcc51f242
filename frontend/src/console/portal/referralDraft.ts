// The referral form's state, its checks per step, and sending it exactly once.
import type { components } from '../../api/schema';
import { ApiError, staffApi, type Problem } from '../../session';
import type { Gender, Indicator } from '../referralTexts';

type S = components['schemas'];
export type ReferralCreate = S['ReferralCreate'];
export type ReferralReceipt = S['ReferralReceipt'];

export interface ReferralDraft {
  /** One key per referral, kept with the draft: a double click or a retry never creates two. */
  idempotencyKey: string;
  step: number;
  naming: 'pseudonym' | 'name';
  pseudonym: string;
  firstName: string;
  lastName: string;
  birthYear: string;
  gender: Gender | '';
  municipality: string;
  concern: string;
  indicators: Indicator[];
  topic: S['ReferralTopic'] | '';
  programme: 'aktion-neustart' | 'beraten' | '';
  urgency: S['Urgency'] | '';
  informed: 'yes' | 'no' | '';
  consented: 'yes' | 'no' | '';
  legalBasis: string;
  reason: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
}

export const STEP_COUNT = 6;

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function emptyDraft(contactEmail = ''): ReferralDraft {
  return {
    idempotencyKey: newKey(),
    step: 0,
    naming: 'pseudonym',
    pseudonym: '',
    firstName: '',
    lastName: '',
    birthYear: '',
    gender: '',
    municipality: '',
    concern: '',
    indicators: [],
    topic: '',
    programme: '',
    urgency: '',
    informed: '',
    consented: '',
    legalBasis: '',
    reason: '',
    contactName: '',
    contactPhone: '',
    contactEmail,
  };
}

export type ErrorCode =
  | 'name'
  | 'birthYear'
  | 'municipality'
  | 'concern'
  | 'urgency'
  | 'informed'
  | 'consented'
  | 'reason'
  | 'contactName'
  | 'contactEmail'
  | 'contactPhone';

/** The field each error belongs to (its input's id suffix). */
export const ERROR_FIELD: Record<ErrorCode, string> = {
  name: 'pseudonym',
  birthYear: 'birthYear',
  municipality: 'municipality',
  concern: 'concern',
  urgency: 'urgency-routine',
  informed: 'informed-yes',
  consented: 'consented-yes',
  reason: 'reason',
  contactName: 'contactName',
  contactEmail: 'contactEmail',
  contactPhone: 'contactPhone',
};

export const needsReason = (d: ReferralDraft) => d.informed === 'no' || d.consented === 'no';

export function validateStep(d: ReferralDraft, step: number, now = new Date()): ErrorCode[] {
  const errors: ErrorCode[] = [];
  const blank = (value: string) => value.trim() === '';
  if (step === 0) {
    if (d.naming === 'pseudonym' ? blank(d.pseudonym) : blank(d.firstName) || blank(d.lastName)) errors.push('name');
    if (d.birthYear.trim()) {
      const year = Number(d.birthYear);
      if (!Number.isInteger(year) || year < 1900 || year > now.getFullYear()) errors.push('birthYear');
    }
    if (blank(d.municipality)) errors.push('municipality');
  }
  if (step === 1 && blank(d.concern)) errors.push('concern');
  if (step === 2 && !d.urgency) errors.push('urgency');
  if (step === 3) {
    if (!d.informed) errors.push('informed');
    if (!d.consented) errors.push('consented');
    if (needsReason(d) && blank(d.reason)) errors.push('reason');
  }
  if (step === 4) {
    if (blank(d.contactName)) errors.push('contactName');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.contactEmail.trim())) errors.push('contactEmail');
    if (d.contactPhone.trim() && !/^[0-9 +()/-]{3,40}$/.test(d.contactPhone.trim())) errors.push('contactPhone');
  }
  return errors;
}

/** The first step with an error, or null when every step is complete. */
export function firstIncompleteStep(d: ReferralDraft): number | null {
  for (let step = 0; step < STEP_COUNT - 1; step++) if (validateStep(d, step).length) return step;
  return null;
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);

export function toRequestBody(d: ReferralDraft): ReferralCreate {
  const named = d.naming === 'name';
  return {
    subject: {
      pseudonym: named ? null : d.pseudonym.trim(),
      first_name: named ? d.firstName.trim() : null,
      last_name: named ? d.lastName.trim() : null,
      birth_year: d.birthYear.trim() ? Number(d.birthYear) : null,
      gender: d.gender || null,
      municipality: d.municipality.trim(),
    },
    concern: d.concern.trim(),
    indicators: d.indicators,
    urgency: d.urgency || 'routine',
    consent: {
      person_informed: d.informed === 'yes',
      consent_given: d.consented === 'yes',
      legal_basis: orNull(d.legalBasis),
      reason_without_consent: needsReason(d) ? orNull(d.reason) : null,
    },
    contact_person: { name: d.contactName.trim(), phone: orNull(d.contactPhone), email: d.contactEmail.trim() },
    preferred_programme: d.programme || null,
    topic: d.topic || null,
  };
}

export type SendResult =
  | { kind: 'sent'; receipt: ReferralReceipt }
  | { kind: 'rejected'; problem: Problem | undefined }
  | { kind: 'failed' };

const IN_FLIGHT_RETRIES = 10;

/**
 * Sends the referral with the draft's Idempotency-Key. While the same key is still being
 * processed (409) it asks again; the server then replays the first answer.
 */
export async function sendReferral(d: ReferralDraft, wait = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<SendResult> {
  for (let attempt = 0; attempt <= IN_FLIGHT_RETRIES; attempt++) {
    let result;
    try {
      result = await staffApi.POST('/api/v1/referrals', {
        params: { header: { 'Idempotency-Key': d.idempotencyKey } },
        body: toRequestBody(d),
      });
    } catch (error) {
      if (error instanceof ApiError) return { kind: 'rejected', problem: error.problem };
      return { kind: 'failed' };
    }
    if (result.data) return { kind: 'sent', receipt: result.data };
    const status = result.response.status;
    if (status === 409) {
      await wait(500 * (attempt + 1));
      continue;
    }
    if (status >= 500 || status === 429) return { kind: 'failed' };
    return { kind: 'rejected', problem: result.error as Problem | undefined };
  }
  return { kind: 'failed' };
}
