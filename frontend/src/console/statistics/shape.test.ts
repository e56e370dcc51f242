import { axisMax, categoryBars, dayParam, monthBars, periodQuery, type Cell } from './shape';

const cell = (key: string, count: number | null, label: string | null = null): Cell => ({
  key,
  label,
  count,
  suppressed: count === null,
});

describe('month bars', () => {
  it('puts the months in calendar order whatever order the cells come in', () => {
    const bars = monthBars([cell('2026-03', 7), cell('2025-12', 9), cell('2026-01', 12), cell('2026-02', 5)], 'en');
    expect(bars.map((bar) => bar.key)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
  });

  it('keeps a suppressed month suppressed instead of turning it into zero', () => {
    const bars = monthBars([cell('2026-01', 12), cell('2026-02', null)], 'de');
    expect(bars.find((bar) => bar.key === '2026-02')?.value).toBeNull();
  });

  it('treats a cell marked suppressed as suppressed even if a count came with it', () => {
    const bars = monthBars([{ key: '2026-02', label: null, count: 3, suppressed: true }], 'de');
    expect(bars[0]?.value).toBeNull();
  });

  it('shows a month between two others that had no referral as a real zero', () => {
    const bars = monthBars([cell('2025-11', 8), cell('2026-02', null)], 'en');
    expect(bars.map((bar) => [bar.key, bar.value])).toEqual([
      ['2025-11', 8],
      ['2025-12', 0],
      ['2026-01', 0],
      ['2026-02', null],
    ]);
  });

  it('names the months in the language of the page', () => {
    expect(monthBars([cell('2026-03', 6)], 'de')[0]?.label).toBe('März 2026');
    expect(monthBars([cell('2026-03', 6)], 'en')[0]?.label).toBe('March 2026');
  });
});

describe('category bars', () => {
  it('follows the given order, then the rest by name, then the keys asked to come last', () => {
    const cells = [cell('none', null), cell('zeta', 6, 'Zeta'), cell('closed', 5), cell('alpha', null, 'Alpha'), cell('received', 9)];
    const bars = categoryBars(cells, () => undefined, ['received', 'closed'], ['none']);
    expect(bars.map((bar) => bar.key)).toEqual(['received', 'closed', 'alpha', 'zeta', 'none']);
  });

  it('names a bar by the caller, else by the label the API sent, else by its key', () => {
    const bars = categoryBars([cell('a', 5, 'From API'), cell('b', 5), cell('c', 5)], (c) => (c.key === 'c' ? 'Mine' : undefined));
    expect(Object.fromEntries(bars.map((bar) => [bar.key, bar.label]))).toEqual({ a: 'From API', b: 'b', c: 'Mine' });
  });

  it('keeps suppressed categories as suppressed (null), not zero', () => {
    const bars = categoryBars([cell('received', null), cell('closed', 0)], () => undefined);
    expect(bars.map((bar) => [bar.key, bar.value])).toEqual([
      ['closed', 0],
      ['received', null],
    ]);
  });
});

describe('axis', () => {
  it('reaches beyond the suppression limit, so a suppressed band never fills the chart', () => {
    expect(axisMax([{ key: 'a', label: 'a', value: null }], 5)).toBe(10);
  });

  it('reaches the largest count', () => {
    expect(axisMax([{ key: 'a', label: 'a', value: null }, { key: 'b', label: 'b', value: 17 }], 5)).toBe(17);
  });
});

describe('period', () => {
  it('accepts only calendar days from the address', () => {
    expect(dayParam('2026-03-01')).toBe('2026-03-01');
    expect(dayParam('2026-3-1')).toBeNull();
    expect(dayParam('yesterday')).toBeNull();
    expect(dayParam(null)).toBeNull();
  });

  it('asks from the start of the first day to the end of the last day', () => {
    const query = periodQuery('2026-03-01', '2026-03-31');
    expect(query?.created_after).toBe(new Date('2026-03-01T00:00:00').toISOString());
    expect(query?.created_before).toBe(new Date('2026-04-01T00:00:00').toISOString());
  });

  it('asks for everything without days, and for nothing when the period ends before it starts', () => {
    expect(periodQuery(null, null)).toEqual({});
    expect(periodQuery('2026-03-02', '2026-03-01')).toBeNull();
  });
});
