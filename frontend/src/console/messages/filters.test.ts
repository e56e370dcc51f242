import { describe, expect, it } from 'vitest';
import { filtersOf, queryOf } from './filters';

describe('the filters of the messages inbox', () => {
  it('reads status, topic, organisation and age from the address', () => {
    expect(filtersOf(new URLSearchParams('status=new&topic=accessibility&organisation=kip-ni&age=7'))).toEqual({
      status: 'new',
      topic: 'accessibility',
      organisation: 'kip-ni',
      age: '7',
    });
  });

  it('ignores values the API does not know', () => {
    expect(filtersOf(new URLSearchParams('status=archived&topic=x&organisation=..%2F&age=365'))).toEqual({
      status: undefined,
      topic: undefined,
      organisation: undefined,
      age: 'any',
    });
  });

  it('turns "the last n days" into created_after', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(queryOf({ age: '1' }, now).created_after).toBe('2026-12-01T12:00:00.000Z');
    expect(queryOf({ age: 'any', status: 'closed' }, now)).toEqual({
      status: 'closed',
      topic: undefined,
      organisation: undefined,
      created_after: undefined,
      limit: 50,
    });
  });
});
