import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderAt } from '../../test/render';
import type { User } from './queries';
import { SecondFactorReset } from './SecondFactorReset';

const USER: User = {
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  email: 'koordination@example.org',
  name: 'Koordination',
  role: 'coordinator',
  organisation: { slug: 'kip-ni', name: 'KIP NI' },
  is_active: true,
  created_at: '2026-12-02T10:00:00Z',
  second_factor_enrolled: true,
} as User;

it('is not offered to a person without a second factor', () => {
  renderAt(<SecondFactorReset user={{ ...USER, second_factor_enrolled: false }} onDone={() => undefined} />);

  expect(screen.queryByRole('button')).toBeNull();
});

it('resets only after a confirmation and reports the result', async () => {
  const calls: string[] = [];
  mockFetch((url, init) => {
    calls.push(`${init.method} ${url.pathname}`);
    return new Response(null, { status: 204 });
  });
  const onDone = vi.fn();
  renderAt(<SecondFactorReset user={USER} onDone={onDone} />, { path: '/en/console/users' });

  await userEvent.click(screen.getByRole('button', { name: /Reset second factor/ }));
  expect(calls).toEqual([]);
  await userEvent.click(screen.getByRole('button', { name: 'Yes, reset' }));

  expect(calls).toContain(`POST /api/v1/users/${USER.id}/second-factor/reset`);
  expect(onDone).toHaveBeenCalledWith({ kind: 'success', text: `The second factor of ${USER.email} has been reset.` });
});

it('leaves everything as it was when cancelled', async () => {
  const fetch = mockFetch(() => new Response(null, { status: 204 }));
  renderAt(<SecondFactorReset user={USER} onDone={() => undefined} />, { path: '/konsole/benutzer' });

  await userEvent.click(screen.getByRole('button', { name: /Zweiten Faktor zurücksetzen/ }));
  await userEvent.click(screen.getByRole('button', { name: 'Abbrechen' }));

  expect(fetch).not.toHaveBeenCalled();
  expect(screen.queryByRole('group')).toBeNull();
});
