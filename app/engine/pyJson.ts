/**
 * JSON text as Python's json.dumps writes it by default (oslo's jsonutils.dumps): ", " and
 * ": " between items, non-ASCII escaped as \uXXXX. For the JSON that Nova puts inside its
 * messages as strings (an allocation request, a remote failure), where the text itself is
 * what travels.
 */
export function pyDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isFinite(value)) return String(value);
      return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    case 'string':
      return JSON.stringify(value).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    case 'object':
      if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
      return `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${pyDumps(k)}: ${pyDumps(v)}`)
        .join(', ')}}`;
    default:
      return 'null';
  }
}
