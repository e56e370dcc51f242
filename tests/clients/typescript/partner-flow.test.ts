// A partner system's whole flow, written only against the client that @hey-api/openapi-ts
// generated from the served document (./generated). It compiles under `strict` without a
// single cast: the generated types alone tell a success from a typed Problem.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

import { createClient, createConfig, type Client } from './generated/client/index.js';
import {
  authIssueToken,
  directoryGetOrganisation,
  directoryListOrganisations,
  referralsGetReferral,
  referralsGetReferralHistory,
  referralsSubmitReferral,
} from './generated/sdk.gen.js';
import type { Problem, ReferralCreate, ReferralOut, ReferralReceipt } from './generated/types.gen.js';

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const baseUrl = setting('KIPNI_BASE_URL');
const anonymous = createClient(createConfig({ baseUrl }));

async function signedIn(clientId: string, clientSecret: string): Promise<Client> {
  const { data, error } = await authIssueToken({
    client: anonymous,
    body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  if (error) throw new Error(`no token: ${error.title} ${error.detail ?? ''}`);
  assert.equal(data.token_type?.toLowerCase(), 'bearer');
  const token = data.access_token;
  return createClient(createConfig({ baseUrl, auth: () => token }));
}

const referral: ReferralCreate = {
  subject: { pseudonym: 'K-17', municipality: 'Celle' },
  concern: 'Shares propaganda videos in class and has withdrawn from friends.',
  urgency: 'routine',
  consent: { person_informed: true, consent_given: true },
  contact_person: { name: 'A. Teacher', email: 'teacher@school.example' },
};

async function submit(client: Client, key: string, body: ReferralCreate = referral) {
  return referralsSubmitReferral({ client, body, headers: { 'Idempotency-Key': key } });
}

async function organisationsAfter(cursor: string | null) {
  const page = await directoryListOrganisations({
    client: anonymous,
    query: cursor === null ? { limit: 4 } : { limit: 4, cursor },
  });
  if (page.error) throw new Error(page.error.title);
  return { slugs: page.data.items.map((organisation) => organisation.slug), next: page.data.next_cursor ?? null };
}

test('pages through the whole directory by cursor', async () => {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await organisationsAfter(cursor);
    slugs.push(...page.slugs);
    cursor = page.next;
  } while (cursor !== null);
  assert.ok(slugs.length > 8, `only ${slugs.length} organisations`);
  assert.equal(new Set(slugs).size, slugs.length);
  assert.ok(slugs.includes('kip-ni'));
});

test('looks one organisation up by its slug', async () => {
  const { data, error } = await directoryGetOrganisation({ client: anonymous, path: { slug: 'kip-ni' } });
  if (error) throw new Error(error.title);
  assert.equal(data.short_name, 'KIP NI');
  assert.ok(data.contact_channels.length > 0);
});

test('an unknown organisation is a typed 404 Problem', async () => {
  const { error, response } = await directoryGetOrganisation({ client: anonymous, path: { slug: 'nobody' } });
  const problem: Problem | undefined = error;
  assert.equal(response.status, 404);
  assert.equal(problem?.status, 404);
  assert.equal(problem?.type, '/problems/not-found');
});

test('searches with an umlaut', async () => {
  const { data, error } = await directoryListOrganisations({ client: anonymous, query: { q: 'Prävention' } });
  if (error) throw new Error(error.title);
  assert.ok(data.items.some((organisation) => organisation.slug === 'kip-ni'));
});

test('submits with a key, replays the key and reads the coarse status', async () => {
  const client = await signedIn(setting('KIPNI_CLIENT_ID'), setting('KIPNI_CLIENT_SECRET'));
  const key = randomUUID();

  const first = await submit(client, key);
  if (first.error) throw new Error(`${first.error.title}: ${first.error.detail ?? ''}`);
  const receipt: ReferralReceipt = first.data;
  assert.equal(first.response.status, 201);
  assert.match(receipt.reference, /^KIP-\d{4}-\d{6}$/);
  assert.equal(first.response.headers.get('Location'), `/api/v1/referrals/${receipt.id}`);

  const replay = await submit(client, key);
  if (replay.error) throw new Error(replay.error.title);
  assert.equal(replay.response.headers.get('Idempotent-Replayed'), 'true');
  assert.equal(replay.data.id, receipt.id);

  const read = await referralsGetReferral({ client, path: { referral_id: receipt.id } });
  if (read.error) throw new Error(read.error.title);
  const seen: ReferralOut = read.data;
  assert.equal(seen.reference, receipt.reference);
  assert.equal(seen.status, 'received');

  const history = await referralsGetReferralHistory({ client, path: { referral_id: receipt.id } });
  if (history.error) throw new Error(history.error.title);
  assert.deepEqual(
    history.data.map((step) => step.status),
    ['received'],
  );
});

test('invalid input is a typed Problem that lists the errors', async () => {
  const client = await signedIn(setting('KIPNI_CLIENT_ID'), setting('KIPNI_CLIENT_SECRET'));
  const withoutReason: ReferralCreate = { ...referral, consent: { person_informed: false, consent_given: false } };

  const { data, error, response } = await submit(client, randomUUID(), withoutReason);
  assert.equal(data, undefined);
  assert.equal(response.status, 422);
  const problem: Problem | undefined = error;
  assert.equal(problem?.type, '/problems/validation-error');
  const locations = (problem?.errors ?? []).map((item) => item.loc.join('.'));
  assert.ok(locations.some((loc) => loc.includes('consent')), locations.join(', '));
});

test("another partner's referral is a typed 404 Problem", async () => {
  const mine = await signedIn(setting('KIPNI_CLIENT_ID'), setting('KIPNI_CLIENT_SECRET'));
  const theirs = await signedIn(setting('KIPNI_OTHER_CLIENT_ID'), setting('KIPNI_OTHER_CLIENT_SECRET'));
  const created = await submit(mine, randomUUID());
  if (created.error) throw new Error(created.error.title);

  const { error, response } = await referralsGetReferral({
    client: theirs,
    path: { referral_id: created.data.id },
  });
  const problem: Problem | undefined = error;
  assert.equal(response.status, 404);
  assert.equal(problem?.status, 404);
  assert.equal(problem?.title, 'Not found');
});
