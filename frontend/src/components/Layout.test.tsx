import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockFetch, renderAt } from '../test/render';
import { Layout } from './Layout';

describe('Layout', () => {
  it('sets the document language and links the same page in the other language', async () => {
    mockFetch(() => json({}));
    const user = userEvent.setup();
    const { location } = renderAt(<Layout />, { path: '/organisationen/kip-ni?x=1' });
    expect(document.documentElement.lang).toBe('de');
    const english = screen.getByRole('link', { name: 'English' });
    expect(english.getAttribute('href')).toBe('/en/organisations/kip-ni?x=1');
    expect(english.getAttribute('lang')).toBe('en');

    await user.click(english);
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
    expect(location()).toBe('/en/organisations/kip-ni?x=1');
    expect(screen.getByRole('link', { name: 'Deutsch' }).getAttribute('href')).toBe('/organisationen/kip-ni?x=1');
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
  });
});
