/** What the REST servers read of a query string: URLSearchParams' get and getAll. */
export interface QueryParams {
  get(name: string): string | null;
  getAll(name: string): string[];
}

/**
 * A query string's parameters. Without `%` or `+` nothing needs decoding, and the pairs split
 * on `&` and the first `=` are what URLSearchParams would give: it costs more than the rest of
 * a request, and nova-api asks neutron for a server's ports at every poll.
 */
export function searchParams(query: string): QueryParams {
  if (query.includes('%') || query.includes('+')) return new URLSearchParams(query);
  return new PlainParams(query);
}

class PlainParams implements QueryParams {
  private readonly pairs: string[];

  constructor(query: string) {
    this.pairs = query === '' ? [] : query.split('&');
  }

  get(name: string): string | null {
    for (const pair of this.pairs) {
      const value = valueOf(pair, name);
      if (value !== null) return value;
    }
    return null;
  }

  getAll(name: string): string[] {
    const all: string[] = [];
    for (const pair of this.pairs) {
      const value = valueOf(pair, name);
      if (value !== null) all.push(value);
    }
    return all;
  }
}

/** The pair's value when it is `name`'s (a pair without `=` has the empty value), else null. */
function valueOf(pair: string, name: string): string | null {
  const eq = pair.indexOf('=');
  if (eq < 0) return pair === name ? '' : null;
  return eq === name.length && pair.startsWith(name) ? pair.slice(eq + 1) : null;
}
