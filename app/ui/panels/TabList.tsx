import type { KeyboardEvent, ReactNode } from 'react';
import { keepKeys } from './format';

export interface Tab {
  key: string;
  selected: boolean;
  testId: string;
  onSelect: () => void;
  children: ReactNode;
}

/**
 * A row of tabs as the ARIA tabs pattern has it: one tab in the page's Tab order (the
 * selected one), the arrow keys, Home and End moving between them and choosing as they go.
 */
export function TabList({
  label,
  className,
  tabs,
}: {
  label: string;
  className?: string;
  tabs: readonly Tab[];
}) {
  return (
    <div
      className={className ? `tabs ${className}` : 'tabs'}
      role="tablist"
      aria-label={label}
      onKeyDown={onTabKeys}
    >
      {tabs.map((tab) => (
        <button
          key={tab.key}
          type="button"
          role="tab"
          data-testid={tab.testId}
          aria-selected={tab.selected}
          tabIndex={tab.selected ? 0 : -1}
          onClick={tab.onSelect}
        >
          {tab.children}
        </button>
      ))}
    </div>
  );
}

function onTabKeys(e: KeyboardEvent<HTMLDivElement>) {
  keepKeys(e, ['ArrowLeft', 'ArrowRight', ' ', 'Home', 'End']);
  const tabs = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
  if (i < 0) return;
  const next =
    e.key === 'ArrowRight'
      ? (i + 1) % tabs.length
      : e.key === 'ArrowLeft'
        ? (i - 1 + tabs.length) % tabs.length
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? tabs.length - 1
            : -1;
  if (next < 0) return;
  e.preventDefault();
  tabs[next]!.focus();
  tabs[next]!.click();
}
