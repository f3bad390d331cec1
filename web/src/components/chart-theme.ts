/** Chart colours from the page's CSS variables, so charts follow the dark or light theme. */
import type { DeepPartial, ChartOptions } from 'lightweight-charts';

export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function chartOptions(height: number): DeepPartial<ChartOptions> {
  return {
    height,
    autoSize: true,
    layout: { background: { color: cssColor('--surface') }, textColor: cssColor('--text'), attributionLogo: false },
    grid: { vertLines: { color: cssColor('--grid') }, horzLines: { color: cssColor('--grid') } },
    rightPriceScale: { borderColor: cssColor('--border') },
    timeScale: { borderColor: cssColor('--border'), timeVisible: true, secondsVisible: false },
  };
}
