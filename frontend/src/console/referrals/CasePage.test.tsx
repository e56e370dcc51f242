import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../../test/render';
import * as tokens from '../../session/tokens';
import StaffApp from '../StaffApp';
import { allowedMoves } from './workflow';

const COORDINATOR = {
  kind: 'user',
  email: 'koordination@example.org',
  role: 'coordinator',
  organisation: { slug: 'lka-ni', name: 'LKA NI' },
  scopes: ['referrals:read-all', 'referrals:triage', 'messages:read', 'stats:read'],
};

function referral(status: string) {
  return {
    id: 'r1',
    reference: 'KIP-2026-000001',
    status,
    urgency: 'acute',
    needs_immediate_attention: true,
    created_at: '2026-03-01T10:00:00Z',
    updated_at: '2026-03-01T10:00:00Z',
    submitted_by: { slug: 'demo-schule', name: 'Demo-Schule' },
    assignee: null,
    details: null,
    routing_suggestion: { programme: { slug: 'aktion-neustart', name: 'Aktion Neustart' }, reason: 'Ausstieg' },
  };
}

// Typing through whole forms takes a while on a busy machine.
vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 10_000 }); // the first render loads the lazy pages

beforeEach(() => tokens.resetForTests());

describe('workflow', () => {
  it('offers coordinators the triage moves and case workers the programme moves only', () => {
    expect(allowedMoves('received', ['referrals:triage'])).toEqual(['in_triage', 'rejected']);
    expect(allowedMoves('assigned', ['referrals:triage'])).toEqual([]);
    expect(allowedMoves('assigned', ['referrals:update-assigned'])).toEqual(['in_progress']);
    expect(allowedMoves('closed', ['referrals:triage', 'referrals:update-assigned'])).toEqual([]);
  });
});

describe('case page', () => {
  it('explains a 409 from a faster colleague and shows the new status', async () => {
    let status = 'received';
    mockFetch((url, init) => {
      if (url.pathname === '/api/v1/auth/refresh') return json({ access_token: 't', token_type: 'Bearer', expires_in: 900, scope: '' });
      if (url.pathname === '/api/v1/auth/me') return json(COORDINATOR);
      if (url.pathname === '/api/v1/referrals/r1/transitions' && init.method === 'POST') {
        status = 'in_triage'; // a colleague took it into triage a moment earlier
        return json({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'cannot move' }, 409);
      }
      if (url.pathname === '/api/v1/referrals/r1') return json(referral(status));
      if (url.pathname === '/api/v1/referrals/r1/history') return json([]);
      return json({ title: 'Not found', status: 404 }, 404);
    });
    const user = userEvent.setup();
    renderAt(<StaffApp />, { path: '/konsole/meldungen/r1' });
    await screen.findByRole('heading', { level: 1, name: 'Meldung KIP-2026-000001' });
    const moves = screen.getByRole('group', { name: 'Neuer Stand' });
    expect(within(moves).getAllByRole('radio').map((radio) => radio.id)).toEqual(['move-in_triage', 'move-rejected']);
    await user.type(screen.getByLabelText(/Interner Vermerk/), 'Rückruf bei der Schule');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('„In Sichtung“');
    expect((screen.getByLabelText(/Interner Vermerk/) as HTMLTextAreaElement).value).toBe('Rückruf bei der Schule');
    expect(within(screen.getByRole('group', { name: 'Neuer Stand' })).getAllByRole('radio').map((radio) => radio.id)).toEqual([
      'move-assigned',
      'move-rejected',
    ]);
  });
});
