import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt } from '../../test/render';
import { SecretOnce } from './SecretOnce';

const CLIENT = {
  id: 'c1',
  client_id: 'kipni-demo-client',
  name: 'Schulverwaltung',
  organisation: { slug: 'demo-schule', name: 'Demo-Schule' },
  scopes: ['referrals:submit'],
  is_active: true,
  created_at: '2026-12-02T10:00:00Z',
  client_secret: 'a-very-long-client-secret-shown-once',
};

function clipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
}

afterEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
});

it('copies the secret and says so', async () => {
  const writeText = vi.fn().mockResolvedValue(undefined);
  clipboard(writeText);
  renderAt(<SecretOnce client={CLIENT} onDone={() => undefined} />, { path: '/konsole/benutzer' });

  await userEvent.click(screen.getByRole('button', { name: 'Secret kopieren' }));

  expect(writeText).toHaveBeenCalledWith(CLIENT.client_secret);
  expect((await screen.findByRole('status')).textContent).toBe('Das Secret ist in der Zwischenablage.');
});

it('selects the secret for copying by hand when the clipboard refuses', async () => {
  clipboard(vi.fn().mockRejectedValue(new DOMException('denied', 'NotAllowedError')));
  renderAt(<SecretOnce client={CLIENT} onDone={() => undefined} />, { path: '/en/console/users' });

  await userEvent.click(screen.getByRole('button', { name: 'Copy secret' }));

  expect((await screen.findByRole('status')).textContent).toMatch(/^Copying did not work/);
  const field = screen.getByLabelText<HTMLInputElement>('Client secret');
  expect(field.value).toBe(CLIENT.client_secret);
  expect(field.readOnly).toBe(true);
  expect(document.activeElement).toBe(field);
  expect(field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0)).toBe(CLIENT.client_secret);
});

it('is dismissed by the admin once stored', async () => {
  const onDone = vi.fn();
  renderAt(<SecretOnce client={CLIENT} onDone={onDone} />, { path: '/konsole/benutzer' });

  await userEvent.click(screen.getByRole('button', { name: 'Ich habe das Secret gespeichert' }));

  expect(onDone).toHaveBeenCalledOnce();
});
