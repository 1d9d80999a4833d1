import { useMemo } from 'react';

/** Pretty-printed JSON, readable on a projector; long blocks scroll inside their box. */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  const text = useMemo(() => JSON.stringify(value, null, 2) ?? 'undefined', [value]);
  return (
    <pre className="json" data-testid={testId} tabIndex={0}>
      {text}
    </pre>
  );
}

/** One line of a `Facts` list: its name, and what it holds. */
export type Fact = [string, React.ReactNode];

/** A name/value grid of scalars. */
export function Facts({ items }: { items: Fact[] }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
