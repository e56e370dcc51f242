// Starts the real API (serving the built SPA) on a free port with a fresh seeded SQLite file.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const FRONTEND = resolve(import.meta.dirname, '../..');
export const DIST = join(FRONTEND, 'dist');
const KIPNI = resolve(FRONTEND, '../.venv/bin/kipni');
const PORTS = { first: 8100, last: 8199 };

/** A staff account the tests sign in with to see what reached the inbox (`messages:read`). */
export const EDITOR = { email: 'e2e-editor@example.org', password: 'e2e editor password', organisation: 'kip-ni' };

function portIsFree(port) {
  return new Promise((done) => {
    const probe = createServer()
      .once('error', () => done(false))
      .once('listening', () => probe.close(() => done(true)))
      .listen(port, '127.0.0.1');
  });
}

async function freePort() {
  const offset = Math.floor(Math.random() * (PORTS.last - PORTS.first + 1));
  for (let i = 0; i <= PORTS.last - PORTS.first; i++) {
    const port = PORTS.first + ((offset + i) % (PORTS.last - PORTS.first + 1));
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port in ${PORTS.first}-${PORTS.last}.`);
}

async function waitUntilReady(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}.`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not become ready at ${url} within ${timeoutMs} ms.`);
}

/** The demo accounts `kipni seed --demo` creates (see api/demo.py), by role. */
export const DEMO = {
  partner: 'partner@demo.kipni.example',
  coordinator: 'koordination@demo.kipni.example',
  neustart: 'neustart@demo.kipni.example',
  beraten: 'beraten@demo.kipni.example',
  editor: 'redaktion@demo.kipni.example',
  admin: 'admin@demo.kipni.example',
};

/**
 * Returns `{ baseUrl, stop, demo }` (`demo`: the seeded demo accounts by e-mail, with their
 * passwords); fails clearly when the build or the backend is missing.
 * `settings` are extra `KIPNI_*` variables, for tests of what a setting changes.
 */
export async function startServer(settings = {}) {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`No built app in ${DIST}: run \`npm run build\` before the end-to-end tests.`);
  }
  if (!existsSync(KIPNI)) throw new Error(`No backend CLI at ${KIPNI}: install the backend first.`);
  const dir = mkdtempSync('/tmp/kipni-e2e-');
  const port = await freePort();
  const env = {
    ...process.env,
    KIPNI_DATABASE_URL: `sqlite:///${join(dir, 'kipni.sqlite3')}`,
    KIPNI_FRONTEND_DIST: DIST,
    KIPNI_PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    KIPNI_LOG_LEVEL: 'WARNING',
    KIPNI_ACCESS_LOG: 'false',
    ...settings,
  };
  execFileSync(KIPNI, ['db', 'upgrade'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  // The demo seed: an account for every role (passwords printed once) and invented referrals.
  const seeded = JSON.parse(
    execFileSync(KIPNI, ['seed', '--demo', '--json'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const demo = Object.fromEntries(
    seeded.demo_accounts.map((account) => [account.email, account]),
  );
  execFileSync(
    KIPNI,
    ['users', 'create', EDITOR.email, '--role', 'editor', '--organisation', EDITOR.organisation, '--password-stdin', '--json'],
    { env, input: EDITOR.password, stdio: ['pipe', 'ignore', 'inherit'] },
  );
  const child = spawn(KIPNI, ['serve', '--host', '127.0.0.1', '--port', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${baseUrl}/readyz`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop, demo };
}
