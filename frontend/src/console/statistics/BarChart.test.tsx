import type { ReactNode } from 'react';
import { renderAt } from '../../test/render';
import { BarChart } from './BarChart';

const render = (ui: ReactNode) => renderAt(ui, { path: '/en/console/statistics' });

describe('bar chart', () => {
  it('draws a true zero as "0" without a bar, and a suppressed cell as a hatched band "< 5"', () => {
    const { container } = render(
      <BarChart
        id="test"
        title="Per month"
        minCellSize={5}
        bars={[
          { key: 'zero', label: 'Zero', value: 0 },
          { key: 'few', label: 'Few', value: null },
          { key: 'many', label: 'Many', value: 12 },
        ]}
      />,
    );
    const row = (key: string) => container.querySelector(`[data-key="${key}"]`)!;
    expect(row('zero').querySelector('rect')).toBeNull();
    expect(row('zero').querySelector('.chart__value')?.textContent).toBe('0');
    expect(row('few').querySelector('rect.chart__band')?.getAttribute('fill')).toBe('url(#test-hatch)');
    expect(row('few').querySelector('.chart__value')?.textContent).toBe('< 5');
    expect(row('many').querySelector('rect.chart__bar')).not.toBeNull();
    expect(row('many').querySelector('.chart__value')?.textContent).toBe('12');
  });

  it('names the SVG by its title and describes it', () => {
    const { getByRole } = render(<BarChart id="t" title="Per status" minCellSize={5} bars={[{ key: 'a', label: 'A', value: 7 }]} />);
    const svg = getByRole('img', { name: 'Per status' });
    expect(svg.querySelector('desc')?.id).toBe(svg.getAttribute('aria-describedby'));
  });

  it('shortens a label too long for its column in the chart', () => {
    const long = 'A label far too long to fit beside a bar in any chart at all';
    const { container } = render(<BarChart id="t" title="T" minCellSize={5} bars={[{ key: 'a', label: long, value: 7 }]} />);
    const text = container.querySelector('.chart__label')?.textContent ?? '';
    expect(text.endsWith('…')).toBe(true);
    expect(long.startsWith(text.slice(0, -1))).toBe(true);
  });
});
