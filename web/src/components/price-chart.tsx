/**
 * A symbol's candles (lightweight-charts) with our fills as markers at their
 * prices and the open protection (stop loss, take profits) as price lines.
 * The same fills and levels are listed under the chart for keyboards and
 * screen readers; the container says how many markers it drew.
 */
import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  IChartApi,
  ISeriesApi,
  LineStyle,
  SeriesMarker,
  Time,
  UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef } from 'react';
import type { Kline } from '../api/types';
import { chartOptions, cssColor } from './chart-theme';

export interface FillMark {
  time: number;
  price: string;
  side: string;
  quantity: string;
}

export interface LevelLine {
  price: string;
  label: string;
  kind: 'stop' | 'target' | 'other';
}

const seconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** The open time of the candle a moment falls in, or undefined outside the candles drawn. */
function candleOf(klines: Kline[], time: number): number | undefined {
  for (let i = klines.length - 1; i >= 0; i--) {
    if (klines[i].open_time <= time && time <= klines[i].close_time) return klines[i].open_time;
  }
  return undefined;
}

export function markersFor(klines: Kline[], fills: FillMark[]): SeriesMarker<Time>[] {
  return fills
    .map((fill) => ({ fill, open: candleOf(klines, fill.time) }))
    .filter((f): f is { fill: FillMark; open: number } => f.open !== undefined)
    .sort((a, b) => a.open - b.open)
    .map(({ fill, open }) => ({
      time: seconds(open),
      position: 'atPriceMiddle' as const,
      price: Number(fill.price),
      shape: fill.side === 'BUY' ? ('arrowUp' as const) : ('arrowDown' as const),
      color: fill.side === 'BUY' ? cssColor('--gain') : cssColor('--loss'),
      text: `${fill.side} ${fill.quantity}`,
    }));
}

export function PriceChart(props: { klines: Kline[]; fills: FillMark[]; levels: LevelLine[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | undefined>(undefined);
  const series = useRef<ISeriesApi<'Candlestick'> | undefined>(undefined);

  useEffect(() => {
    chart.current = createChart(container.current!, chartOptions(420));
    series.current = chart.current.addSeries(CandlestickSeries, {
      upColor: cssColor('--gain'),
      downColor: cssColor('--loss'),
      borderVisible: false,
      wickUpColor: cssColor('--gain'),
      wickDownColor: cssColor('--loss'),
    });
    return () => chart.current?.remove();
  }, []);

  const markers = useMemo(() => markersFor(props.klines, props.fills), [props.klines, props.fills]);
  useEffect(() => {
    const candles = series.current!;
    // Chart coordinates only: the exact figures are in the table below.
    candles.setData(
      props.klines.map((k) => ({
        time: seconds(k.open_time),
        open: Number(k.open),
        high: Number(k.high),
        low: Number(k.low),
        close: Number(k.close),
      })),
    );
    const plugin = createSeriesMarkers(candles, markers);
    const lines = props.levels.map((level) =>
      candles.createPriceLine({
        price: Number(level.price),
        color:
          level.kind === 'stop'
            ? cssColor('--loss')
            : level.kind === 'target'
              ? cssColor('--gain')
              : cssColor('--muted'),
        lineStyle: LineStyle.Dashed,
        lineWidth: 1,
        axisLabelVisible: true,
        title: level.label,
      }),
    );
    return () => {
      plugin.detach();
      for (const line of lines) candles.removePriceLine(line);
    };
  }, [props.klines, props.levels, markers]);

  return (
    <div
      ref={container}
      className="chart"
      role="img"
      aria-label={props.label}
      data-testid="price-chart"
      data-markers={markers.length}
      data-levels={props.levels.length}
      data-candles={props.klines.length}
    />
  );
}
