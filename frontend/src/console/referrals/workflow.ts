// The referral state machine as the API enforces it (api/referrals/workflow.py), so the case
// page offers only the moves this person may make now.
import type { ReferralStatus } from '../queries';

export const MOVES: Partial<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  received: ['in_triage', 'rejected'],
  in_triage: ['assigned', 'rejected'],
  assigned: ['in_progress'],
  in_progress: ['closed'],
};

const TRIAGE_MOVES: readonly ReferralStatus[] = ['in_triage', 'assigned', 'rejected'];

export const OPEN_STATUSES: readonly ReferralStatus[] = ['received', 'in_triage', 'assigned', 'in_progress'];
export const ALL_STATUSES: readonly ReferralStatus[] = [...OPEN_STATUSES, 'closed', 'rejected', 'withdrawn'];

/** The moves from `status` that someone holding `scopes` may make. */
export function allowedMoves(status: string, scopes: readonly string[]): ReferralStatus[] {
  const moves = MOVES[status as ReferralStatus] ?? [];
  return moves.filter((to) =>
    TRIAGE_MOVES.includes(to) ? scopes.includes('referrals:triage') : scopes.includes('referrals:update-assigned'),
  );
}

export const PROGRAMMES = [
  { slug: 'aktion-neustart', name: 'Aktion Neustart' },
  { slug: 'beraten', name: 'beRATen e.V.' },
] as const;
