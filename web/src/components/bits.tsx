/** Small shared pieces: status badges, JSON blocks, error and empty notes, figures. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status.toLowerCase()}</span>;
}

export function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" tabIndex={0} aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong';
  const status = error instanceof ApiError ? ` (HTTP ${error.status})` : '';
  return (
    <p className="error-note" role="alert">
      {message}
      {status}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Figure(props: { label: string; value: ReactNode; tone?: string; hint?: string; testId?: string }) {
  return (
    <div className="figure" data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd className={props.tone ? `tone-${props.tone}` : undefined}>{props.value}</dd>
      {props.hint && <p className="hint">{props.hint}</p>}
    </div>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}
