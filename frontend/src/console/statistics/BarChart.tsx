// A horizontal bar chart in plain SVG (scales from d3-scale). Colours and fonts come from the
// stylesheet (classes), never from style attributes. A suppressed cell is drawn as a hatched,
// dashed band from 0 to the suppression limit and labelled "< 5", so it never looks like zero.
import { scaleLinear } from 'd3-scale';
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../../i18n/useLang';
import { axisMax, formatNumber, type Bar } from './shape';
import { STATISTICS_TEXTS } from './texts';

const WIDTH = 640;
const MIN_WIDTH = 280;
/** A generous average width of one character of the labels (15px), to size their column. */
const CHAR = 8;
const VALUE_ROOM = 56;
const ROW = 34;
const BAR = 22;
const AXIS = 30;

interface Props {
  /** A plain id (letters, digits, dashes): names the title, description and hatch pattern. */
  id: string;
  title: string;
  bars: readonly Bar[];
  minCellSize: number;
}

/**
 * The width the chart has on the page, so its text keeps its real size on a phone (a fixed
 * viewBox would shrink it); WIDTH where it cannot be measured.
 */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.max(MIN_WIDTH, Math.min(WIDTH, measured)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function BarChart({ id, title, bars, minCellSize }: Props) {
  const lang = useLang();
  const t = STATISTICS_TEXTS[lang];
  const { ref, width } = useWidth();
  const longest = Math.max(...bars.map((bar) => bar.label.length));
  const labelWidth = Math.round(Math.min(longest * CHAR + 12, 230, width * 0.5));
  const fits = Math.floor((labelWidth - 12) / CHAR);
  // A label too long for the column is shortened here; the table below gives it in full.
  const short = (label: string) => (label.length <= fits ? label : `${label.slice(0, Math.max(1, fits - 1)).trimEnd()}…`);
  const height = bars.length * ROW + AXIS;
  const x = scaleLinear()
    .domain([0, axisMax(bars, minCellSize)])
    .nice()
    .range([labelWidth, width - VALUE_ROOM]);
  const ticks = x.ticks(5).filter((tick) => Number.isInteger(tick));
  const hatch = `${id}-hatch`;
  return (
    <div ref={ref} className="chart-frame">
      <svg
        className="chart"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        data-chart={id}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t.chartDesc(title)}</desc>
        <defs>
          <pattern id={hatch} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line className="chart__hatch" x1="0" y1="0" x2="0" y2="8" />
          </pattern>
        </defs>
        <g className="chart__axis" aria-hidden="true">
          {ticks.map((tick) => (
            <g key={tick} transform={`translate(${x(tick)},0)`}>
              <line className="chart__grid" y1="0" y2={bars.length * ROW} />
              <text className="chart__tick" y={bars.length * ROW + 20} textAnchor="middle">
                {formatNumber(tick, lang)}
              </text>
            </g>
          ))}
        </g>
        {bars.map((bar, index) => {
          const top = index * ROW + (ROW - BAR) / 2;
          const middle = top + BAR / 2;
          const { value } = bar;
          const suppressed = value === null;
          const end = x(value ?? minCellSize);
          return (
            <g key={bar.key} data-key={bar.key} data-suppressed={suppressed ? 'true' : undefined}>
              <text className="chart__label" x={labelWidth - 8} y={middle} dominantBaseline="middle" textAnchor="end">
                {short(bar.label)}
              </text>
              {suppressed ? (
                <rect
                  className="chart__band"
                  x={labelWidth}
                  y={top}
                  width={end - labelWidth}
                  height={BAR}
                  fill={`url(#${hatch})`}
                />
              ) : (
                value > 0 && (
                  <rect className="chart__bar" x={labelWidth} y={top} width={end - labelWidth} height={BAR} />
                )
              )}
              <text className="chart__value" x={end + 6} y={middle} dominantBaseline="middle">
                {suppressed ? t.suppressedShort(minCellSize) : formatNumber(value, lang)}
              </text>
            </g>
          );
        })}
        <line className="chart__baseline" x1={labelWidth} x2={labelWidth} y1="0" y2={bars.length * ROW} />
      </svg>
    </div>
  );
}

/** The same figures as a table; a suppressed cell reads "fewer than 5". */
export function BarTable({ caption, keyHeading, bars, minCellSize }: {
  caption: string;
  keyHeading: string;
  bars: readonly Bar[];
  minCellSize: number;
}) {
  const lang = useLang();
  const t = STATISTICS_TEXTS[lang];
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeading}</th>
            <th scope="col" className="numeric">
              {t.count}
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td className="numeric" data-suppressed={bar.value === null ? 'true' : undefined}>
                {bar.value === null ? t.suppressedLong(minCellSize) : formatNumber(bar.value, lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
