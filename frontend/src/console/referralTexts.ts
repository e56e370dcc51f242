// Names of the referral codes (status, urgency, indicators, …) for portal and console pages.
import type { components } from '../api/schema';
import type { Lang } from '../i18n/routes';

type S = components['schemas'];
export type Indicator = S['Indicator'];
export type Gender = S['Gender'];
export type Outcome = S['Outcome'];
export type OutcomeReason = S['OutcomeReason'];
/** Workflow statuses and the coarse ones partners see (`in_review`). */
export type AnyStatus = S['Status'] | 'in_review';

export const INDICATORS: readonly Indicator[] = [
  'contact_with_extremist_scene',
  'propaganda_consumption',
  'propaganda_distribution',
  'endorsement_of_violence',
  'social_withdrawal',
  'breaking_with_family',
  'devaluation_of_others',
  'travel_intention',
  'recruitment_of_others',
  'threats',
  'other',
];

const de = {
  status: {
    received: 'Eingegangen',
    in_review: 'In Prüfung',
    in_triage: 'In Sichtung',
    assigned: 'Zugewiesen',
    in_progress: 'In Bearbeitung',
    closed: 'Abgeschlossen',
    rejected: 'Abgelehnt',
    withdrawn: 'Zurückgezogen',
  } satisfies Record<AnyStatus, string>,
  urgency: { routine: 'Normal', urgent: 'Dringend', acute: 'Akut (Gefahr für Leib oder Leben)' } satisfies Record<
    S['Urgency'],
    string
  >,
  urgencyShort: { routine: 'Normal', urgent: 'Dringend', acute: 'Akut' } satisfies Record<S['Urgency'], string>,
  indicators: {
    contact_with_extremist_scene: 'Kontakt zur extremistischen Szene',
    propaganda_consumption: 'Konsum von Propaganda',
    propaganda_distribution: 'Verbreitung von Propaganda',
    endorsement_of_violence: 'Befürwortung von Gewalt',
    social_withdrawal: 'Sozialer Rückzug',
    breaking_with_family: 'Bruch mit der Familie',
    devaluation_of_others: 'Abwertung anderer',
    travel_intention: 'Ausreiseabsicht',
    recruitment_of_others: 'Anwerbung anderer',
    threats: 'Drohungen',
    other: 'Sonstiges',
  } satisfies Record<Indicator, string>,
  gender: { female: 'weiblich', male: 'männlich', diverse: 'divers', unknown: 'unbekannt' } satisfies Record<Gender, string>,
  topic: { 'exit-support': 'Ausstieg aus der Szene', counselling: 'Beratung des Umfelds' } satisfies Record<
    S['ReferralTopic'],
    string
  >,
  outcome: { successful: 'Erfolgreich', not_successful: 'Nicht erfolgreich' } satisfies Record<Outcome, string>,
  outcomeReason: {
    declined: 'Angebot abgelehnt',
    not_reachable: 'Nicht erreichbar',
    no_capacity: 'Keine Kapazität',
    not_in_scope: 'Nicht zuständig',
    other: 'Anderer Grund',
  } satisfies Record<OutcomeReason, string>,
};

export type ReferralTexts = typeof de;

const en: ReferralTexts = {
  status: {
    received: 'Received',
    in_review: 'Under review',
    in_triage: 'In triage',
    assigned: 'Assigned',
    in_progress: 'In progress',
    closed: 'Closed',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
  },
  urgency: { routine: 'Routine', urgent: 'Urgent', acute: 'Acute (danger to life or limb)' },
  urgencyShort: { routine: 'Routine', urgent: 'Urgent', acute: 'Acute' },
  indicators: {
    contact_with_extremist_scene: 'Contact with the extremist scene',
    propaganda_consumption: 'Consuming propaganda',
    propaganda_distribution: 'Spreading propaganda',
    endorsement_of_violence: 'Endorsing violence',
    social_withdrawal: 'Social withdrawal',
    breaking_with_family: 'Breaking with the family',
    devaluation_of_others: 'Devaluing others',
    travel_intention: 'Intention to travel abroad',
    recruitment_of_others: 'Recruiting others',
    threats: 'Threats',
    other: 'Other',
  },
  gender: { female: 'female', male: 'male', diverse: 'diverse', unknown: 'unknown' },
  topic: { 'exit-support': 'Leaving the scene', counselling: 'Counselling for the people around' },
  outcome: { successful: 'Successful', not_successful: 'Not successful' },
  outcomeReason: {
    declined: 'Offer declined',
    not_reachable: 'Not reachable',
    no_capacity: 'No capacity',
    not_in_scope: 'Not in scope',
    other: 'Other reason',
  },
};

export const REFERRAL_TEXTS: Record<Lang, ReferralTexts> = { de, en };

export const statusLabel = (t: ReferralTexts, status: string) =>
  (t.status as Record<string, string>)[status] ?? status;
