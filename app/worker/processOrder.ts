/**
 * Names with numbers in their order (cmp2 before cmp10). One collator: localeCompare with
 * options makes one a call, and the inspector sorts hundreds of processes a seek.
 */
export const naturally = new Intl.Collator('en', { numeric: true });

/** The processes to pick from, in the order of the architecture (client first). */
const PROCESS_ORDER = [
  'client',
  'nova-api',
  'keystone',
  'glance-api',
  'neutron-server',
  'rabbitmq',
  'nova-conductor',
  'nova-scheduler',
  'placement-api',
  'nova-compute@',
  'hypervisor@',
  'nova-api-db',
  'nova-cell0-db',
  'nova-cell1-db',
  'placement',
];

export function processRank(p: string): number {
  const i = PROCESS_ORDER.findIndex((o) => (o.endsWith('@') ? p.startsWith(o) : p === o));
  return i < 0 ? PROCESS_ORDER.length : i;
}

export const byProcessOrder = (a: string, b: string): number =>
  processRank(a) - processRank(b) || naturally.compare(a, b);
