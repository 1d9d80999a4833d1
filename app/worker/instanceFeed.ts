import type { InstanceRow, StatusMessage } from '../protocol/messages';
import type { Run } from './run';

/** The instance table the page is sent with a status: whole after a load, then its changes. */
export class InstanceFeed {
  /** the fold's instances stamp last sent, by run */
  private sentStamp: string | null = null;
  private sentRows: Map<string, InstanceRow> | null = null;
  private sentRowsRun: string | null = null;

  /** The next status carries the whole table (a run was loaded). */
  reset(): void {
    this.sentStamp = null;
    this.sentRows = null;
  }

  /** Adds the table's changes to `status`, if the fold's instances changed since the last. */
  update(status: StatusMessage, run: Run | null): void {
    const stamp = run ? `${run.runId}/${run.fold.instancesStamp}` : null;
    if (stamp === this.sentStamp) return;
    this.send(status, run);
    this.sentStamp = stamp;
  }

  /**
   * The instance table, as the rows that changed since the last status: rows are replaced,
   * never mutated (fold.ts), so a changed row is a different object.
   */
  private send(status: StatusMessage, run: Run | null): void {
    const rows = run?.fold.state.instances ?? new Map<string, InstanceRow>();
    const sent = this.sentRows;
    this.sentRows = new Map(rows);
    if (sent === null || this.sentRowsRun !== run?.runId) {
      this.sentRowsRun = run?.runId ?? null;
      status.instances = [...rows.values()];
      return;
    }
    const changed: InstanceRow[] = [];
    for (const [uuid, row] of rows) if (sent.get(uuid) !== row) changed.push(row);
    const removed: string[] = [];
    for (const uuid of sent.keys()) if (!rows.has(uuid)) removed.push(uuid);
    if (changed.length > 0) status.instancesChanged = changed;
    if (removed.length > 0) status.instancesRemoved = removed;
  }
}
