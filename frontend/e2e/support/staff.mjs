// Helpers for the signed-in part: which build files belong to it only, and signing in through the UI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from './server.mjs';

const STAFF_SOURCES = /^src\/(console|session)\//;

/**
 * The files of the build that only the signed-in part loads: everything the console chunks
 * import, minus what the public entry and the public pages load as well.
 */
export function staffOnlyFiles() {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8'));
  const closure = (keys, { dynamic }) => {
    const files = new Set();
    const visit = (key) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      (chunk.imports ?? []).forEach(visit);
      (chunk.css ?? []).forEach((css) => files.add(css));
      if (dynamic) (chunk.dynamicImports ?? []).filter((k) => STAFF_SOURCES.test(k)).forEach(visit);
    };
    keys.forEach(visit);
    return files;
  };
  const keys = Object.keys(manifest);
  const publicKeys = keys.filter((k) => manifest[k].isEntry || (manifest[k].isDynamicEntry && !STAFF_SOURCES.test(k)));
  const staffKeys = keys.filter((k) => STAFF_SOURCES.test(k));
  const publicFiles = closure(publicKeys, { dynamic: false });
  return [...closure(staffKeys, { dynamic: true })].filter((file) => !publicFiles.has(file));
}

/** Signs in through the form on the page that is open (the sign-in page). */
export async function signInThroughForm(page, { email, password }, lang = 'de') {
  const labels = lang === 'de' ? ['E-Mail', 'Passwort', 'Anmelden'] : ['Email', 'Password', 'Sign in'];
  await page.getByLabel(labels[0], { exact: true }).fill(email);
  await page.getByLabel(labels[1], { exact: true }).fill(password);
  await page.getByRole('button', { name: labels[2], exact: true }).click();
}

/** Answers the sign-in page's question for the second factor with `code` (an app's code or a recovery code). */
export async function enterSecondFactor(page, code, lang = 'de') {
  const labels = lang === 'de' ? ['Bestätigungscode', 'Anmelden'] : ['Authentication code', 'Sign in'];
  await page.getByLabel(labels[0], { exact: true }).fill(code);
  await page.getByRole('button', { name: labels[1], exact: true }).click();
}
