/** A line over days (lightweight-charts): cumulative PnL on the overview. */
import { createChart, IChartApi, ISeriesApi, LineSeries } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { chartOptions, cssColor } from './chart-theme';

export interface DayPoint {
  day: string;
  value: string;
}

export function LineChart(props: { points: DayPoint[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | undefined>(undefined);
  const series = useRef<ISeriesApi<'Line'> | undefined>(undefined);

  useEffect(() => {
    chart.current = createChart(container.current!, chartOptions(240));
    series.current = chart.current.addSeries(LineSeries, { color: cssColor('--accent'), lineWidth: 2 });
    return () => chart.current?.remove();
  }, []);

  useEffect(() => {
    series.current!.setData(props.points.map((p) => ({ time: p.day, value: Number(p.value) })));
    chart.current!.timeScale().fitContent();
  }, [props.points]);

  return <div ref={container} className="chart chart-small" role="img" aria-label={props.label} />;
}
