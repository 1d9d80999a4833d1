import { memo, useCallback, useMemo } from 'react';
import { useFixedT } from '../useFixedT';
import type { VmChip } from '../../protocol/messages';
import { useAppStore, useStoreApi } from '../StoreContext';

/** A chip's translated texts, computed once per language and kept (not at every render). */
export interface ChipText {
  title(name: string, state: string): string;
}

export function useChipText(): ChipText {
  const t = useFixedT();
  return useMemo(() => {
    // the title's translation with markers for its values, filled in without i18next
    const NAME = '\u0001name\u0001';
    const STATE = '\u0001state\u0001';
    const template = t('diagram.vmTitle', { name: NAME, state: STATE });
    const states = new Map<string, string>();
    return {
      title(name, state) {
        let label = states.get(state);
        if (label === undefined) states.set(state, (label = t(`diagram.vm_${state}`)));
        const value = label;
        return template.replace(NAME, () => name).replace(STATE, () => value);
      },
    };
  }, [t]);
}

/**
 * A hypervisor with this many VMs or fewer says each one's task_state beside its name; with
 * more, the chips said so would not fit its box (one boot's task is the lesson, not ten's).
 */
export const TASKS_UP_TO = 2;

/** A VM: its colour and its mark say its state; a click follows its boot request. */
export const Chip = memo(
  function Chip({
    vm,
    compact,
    text,
    withTask = false,
  }: {
    vm: VmChip;
    compact: boolean;
    text: ChipText;
    withTask?: boolean;
  }) {
    const store = useStoreApi();
    // one subscription per chip (a big cloud has a thousand): '' | 'selected' | 'dimmed'
    const mark = useAppStore((s) =>
      s.selection === null ? '' : s.selection.instance === vm.uuid ? 'selected' : 'dimmed',
    );
    const selected = mark === 'selected';
    const dimmed = mark === 'dimmed';
    const onClick = useCallback(
      (e: React.MouseEvent) => {
        e.stopPropagation();
        const s = store.getState();
        s.select(
          s.selection?.instance === vm.uuid
            ? null
            : { instance: vm.uuid, request_id: vm.request_id },
        );
      },
      [store, vm.uuid, vm.request_id],
    );
    const name = vm.name ?? vm.uuid.slice(0, 8);
    return (
      <button
        type="button"
        className={`dg-vm vm-${vm.state}${compact ? ' compact' : ''}${selected ? ' selected' : ''}${dimmed ? ' dimmed' : ''}`}
        data-testid="vm-chip"
        data-instance={vm.uuid}
        title={text.title(name, vm.state)}
        aria-pressed={selected}
        onClick={onClick}
      >
        <span className="dg-vm-mark" aria-hidden="true">
          {vm.state === 'active'
            ? '●'
            : vm.state === 'error'
              ? '✕'
              : vm.state === 'claimed'
                ? '○'
                : '◐'}
        </span>
        {!compact && <span className="dg-vm-name">{name}</span>}
        {!compact && withTask && vm.task !== undefined && (
          <span className="dg-vm-task" data-testid="vm-task">
            {vm.task}
          </span>
        )}
      </button>
    );
  },
  // a chip is the same while what it shows is (the worker sends new objects every time)
  (a, b) =>
    a.compact === b.compact &&
    a.withTask === b.withTask &&
    a.text === b.text &&
    a.vm.uuid === b.vm.uuid &&
    a.vm.state === b.vm.state &&
    a.vm.task === b.vm.task &&
    a.vm.name === b.vm.name &&
    a.vm.request_id === b.vm.request_id,
);
