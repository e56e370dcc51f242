// `npm run e2e`: starts one seeded server for all browser tests, runs `node --test e2e/`,
// stops the server and copies the documentation screenshots.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM } from '../e2e/support/browser.mjs';
import { SCREENSHOTS } from '../e2e/support/context.mjs';
import { DIST, startServer } from '../e2e/support/server.mjs';

const root = resolve(import.meta.dirname, '..');
const fail = (message) => {
  console.error(message);
  process.exit(1);
};
if (!existsSync(join(DIST, 'index.html'))) fail(`No build in ${DIST}: run \`npm run build\` first.`);
if (!existsSync(CHROMIUM)) fail(`No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\`.`);

rmSync(SCREENSHOTS, { recursive: true, force: true });
mkdirSync(SCREENSHOTS, { recursive: true });
const server = await startServer();
console.log(`Test server: ${server.baseUrl}`);
const stop = async () => {
  await server.stop();
  process.exit(130);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

let code = 1;
try {
  code = await new Promise((done) =>
    spawn(process.execPath, ['--test', '--test-concurrency=1', 'e2e/'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KIPNI_E2E_BASE_URL: server.baseUrl, KIPNI_E2E_DEMO: JSON.stringify(server.demo) },
    }).once('exit', (status) => done(status ?? 1)),
  );
} finally {
  await server.stop();
}

console.log(`Screenshots: ${SCREENSHOTS}`);
const docs = resolve(root, '../docs/screenshots');
const copies = {
  'start-de-desktop.png': 'start.png',
  'organisation-de-desktop.png': 'organisation.png',
  'portal-referral-form.png': 'portal-referral-form.png',
  'console-case.png': 'console-case.png',
};
for (const [from, to] of Object.entries(copies)) {
  if (!existsSync(join(SCREENSHOTS, from))) continue;
  mkdirSync(docs, { recursive: true });
  copyFileSync(join(SCREENSHOTS, from), join(docs, to));
  console.log(`Copied ${from} to ${join(docs, to)}`);
}
process.exit(code);
