/** Virtual milliseconds as seconds with millisecond precision: 5259 → "5.259". */
export const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** A UUID's first block, enough to tell instances apart on screen. */
export const shortUuid = (uuid: string): string => uuid.split('-')[0] ?? uuid;
