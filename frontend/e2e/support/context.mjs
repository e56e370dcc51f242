// The server under test: the one `npm run e2e` started (KIPNI_E2E_BASE_URL), or, when a test
// file runs on its own (`node --test e2e/`), one started for that file.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from './server.mjs';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

/**
 * `{ baseUrl, stop, demo }`; `stop` only stops a server this call started. A file that needs
 * `settings` (extra `KIPNI_*` variables) always gets a server of its own.
 */
export async function testServer(settings) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (settings) return startServer(settings);
  const shared = process.env.KIPNI_E2E_BASE_URL;
  return shared
    ? { baseUrl: shared, stop: async () => undefined, demo: JSON.parse(process.env.KIPNI_E2E_DEMO ?? '{}') }
    : startServer();
}

export const screenshotPath = (name) => join(SCREENSHOTS, `${name}.png`);
