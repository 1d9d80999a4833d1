import type { HostRow, SceneMessage, WorkerToUi } from '../protocol/messages';

/**
 * What one frame may re-render of the hosts: a host counts one, plus each VM chip its box
 * shows (at most 18). A busy scene message brings a few hosts with forty VMs each;
 * rendered and laid out in one frame that was a task over 50 ms.
 */
export const HOST_BUDGET_PER_FRAME = 40;
const CHIPS_SHOWN_AT_MOST = 18;

const cost = (h: HostRow) => 1 + Math.min(h.vms.length, CHIPS_SHOWN_AT_MOST);

/**
 * A scene message as the parts to deliver one a frame: the queues and tables first, then the
 * hosts in slices that fit the budget (in order, a host never split), the last part with the
 * unplaced VMs (a VM that leaves them for its host is never shown nowhere). Any other
 * message, or a scene within the budget, is its own only part.
 */
export function sceneParts(m: WorkerToUi): WorkerToUi[] {
  if (m.type !== 'scene' || !m.hosts) return [m];
  const slices: HostRow[][] = [[]];
  let spent = 0;
  for (const h of m.hosts) {
    const c = cost(h);
    if (spent + c > HOST_BUDGET_PER_FRAME && slices.at(-1)!.length > 0) {
      slices.push([]);
      spent = 0;
    }
    slices.at(-1)!.push(h);
    spent += c;
  }
  if (slices.length === 1) return [m];
  // cut anyway: the queues and tables (every database box and the broker's) go first, alone
  if (m.queues || m.tables) slices.unshift([]);
  const { hosts: _hosts, unplaced, ...first } = m;
  return slices.map((hosts, i): SceneMessage => {
    const part: SceneMessage =
      i === 0 ? { ...first } : { type: 'scene', runId: m.runId, seq: m.seq, brokerUp: m.brokerUp };
    // a part with no host leaves the store's host rows as they are (no new object)
    if (hosts.length > 0) part.hosts = hosts;
    if (i === slices.length - 1 && unplaced) part.unplaced = unplaced;
    return part;
  });
}
