/** The file name of a downloaded trace: the scenario's name as a slug, and its seed. */
export function traceFileName(scenarioName: string | null, seed: number | null): string {
  const slug =
    (scenarioName ?? '')
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'trace';
  return seed === null ? `${slug}.jsonl` : `${slug}-seed-${seed}.jsonl`;
}

/** Hands `blob` to the browser as a file download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // the download has taken its copy once the click is handled; the next task may let go
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
