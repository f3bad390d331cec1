/**
 * Display helpers. Amounts arrive as exact decimal strings and are shown as
 * they are (grouped, never rounded through a float); sums use decimal.js.
 */
import Decimal from 'decimal.js';

export function amount(value: string | null | undefined, places?: number): string {
  if (value === null || value === undefined || value === '') return '—';
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    return value;
  }
  const text = places === undefined ? d.toFixed() : d.toFixed(places);
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

export function signed(value: string | null | undefined, places = 2): string {
  if (value === null || value === undefined) return '—';
  const text = amount(value, places);
  return new Decimal(value).gt(0) ? `+${text}` : text;
}

export function tone(value: string | null | undefined): 'gain' | 'loss' | 'flat' {
  if (!value) return 'flat';
  const d = new Decimal(value);
  return d.gt(0) ? 'gain' : d.lt(0) ? 'loss' : 'flat';
}

export function sum(values: Array<string | null | undefined>): string {
  return values.reduce((total, v) => (v ? total.add(v) : total), new Decimal(0)).toFixed();
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value} ms`;
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

/** A text field of a submitted form ('' when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
