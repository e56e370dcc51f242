import { describe, expect, it, vi } from 'vitest';
import {
  auditFilterLink,
  auditFiltersFrom,
  auditParamsFrom,
  berlinDayStart,
  copyText,
  deliveryReference,
  detailPairs,
  passwordFits,
} from './logic';

describe('berlinDayStart', () => {
  it('begins a winter day at midnight Berlin time, one hour ahead of UTC', () => {
    expect(berlinDayStart('2026-12-02')).toBe('2026-12-02T00:00:00+01:00');
  });

  it('begins a summer day two hours ahead of UTC', () => {
    expect(berlinDayStart('2026-07-15')).toBe('2026-07-15T00:00:00+02:00');
  });

  it('gives the start of the following day for an inclusive end', () => {
    expect(berlinDayStart('2026-12-31', 1)).toBe('2027-01-01T00:00:00+01:00');
  });

  it('refuses what is not a day', () => {
    expect(berlinDayStart('2026-02-31')).toBeNull();
    expect(berlinDayStart('yesterday')).toBeNull();
  });
});

describe('auditFiltersFrom', () => {
  it('turns the address into the API query, with days as Berlin moments', () => {
    const params = new URLSearchParams({
      action: ' referrals.transition ',
      object_type: 'referral',
      from: '2026-12-01',
      to: '2026-12-02',
      outcome: 'success',
    });
    expect(auditFiltersFrom(params)).toEqual({
      action: 'referrals.transition',
      actor_id: undefined,
      object_type: 'referral',
      object_id: undefined,
      outcome: 'success',
      occurred_after: '2026-12-01T00:00:00+01:00',
      occurred_before: '2026-12-03T00:00:00+01:00',
      limit: 50,
    });
  });

  it('drops an outcome the API does not know and a malformed day', () => {
    const filters = auditFiltersFrom(new URLSearchParams({ outcome: 'maybe', from: '1.12.2026' }));
    expect(filters.outcome).toBeUndefined();
    expect(filters.occurred_after).toBeUndefined();
  });

  it('cuts a value to the length the API accepts', () => {
    expect(auditFiltersFrom(new URLSearchParams({ action: 'a'.repeat(100) })).action).toHaveLength(64);
  });
});

describe('auditParamsFrom', () => {
  it('keeps only the fields with a value', () => {
    const form = new FormData();
    form.set('action', 'auth.login');
    form.set('actor_id', '  ');
    form.set('outcome', '');
    form.set('unrelated', 'x');
    expect(auditParamsFrom(form).toString()).toBe('action=auth.login');
  });
});

describe('detailPairs', () => {
  it('shows strings as they are and other values as JSON', () => {
    expect(detailPairs({ from: 'in_triage', to: 'assigned', count: 2, scopes: ['a'] })).toEqual([
      ['from', 'in_triage'],
      ['to', 'assigned'],
      ['count', '2'],
      ['scopes', '["a"]'],
    ]);
  });
});

describe('copyText', () => {
  it('writes the text to the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    expect(await copyText('s3cret', { writeText })).toBe('copied');
    expect(writeText).toHaveBeenCalledWith('s3cret');
  });

  it('reports a refusal of the browser', async () => {
    const writeText = vi.fn().mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    expect(await copyText('s3cret', { writeText })).toBe('failed');
  });

  it('reports a browser without the Clipboard API', async () => {
    expect(await copyText('s3cret', null)).toBe('failed');
  });
});

describe('passwordFits', () => {
  it('accepts 12 to 128 characters only', () => {
    expect(passwordFits('a'.repeat(11))).toBe(false);
    expect(passwordFits('a'.repeat(12))).toBe(true);
    expect(passwordFits('a'.repeat(128))).toBe(true);
    expect(passwordFits('a'.repeat(129))).toBe(false);
  });
});

describe('deliveryReference', () => {
  it('reads the reference of a webhook event and of an e-mail', () => {
    expect(deliveryReference({ event: 'referral.status_changed', data: { id: 'x', reference: 'KIP-2026-000001' } })).toBe('KIP-2026-000001');
    expect(deliveryReference({ template: 'referral.received', context: { reference: 'KIP-2026-000002' } })).toBe('KIP-2026-000002');
  });

  it('is null for a delivery about no referral', () => {
    expect(deliveryReference({ template: 'messages.new', context: { count: 3 } })).toBeNull();
  });
});

describe('auditFilterLink', () => {
  it('filters the log to one actor or one object', () => {
    expect(auditFilterLink({ actor_id: 'u-1' })).toBe('?actor_id=u-1');
    expect(auditFilterLink({ object_type: 'referral', object_id: 'r 1' })).toBe('?object_type=referral&object_id=r+1');
  });
});
