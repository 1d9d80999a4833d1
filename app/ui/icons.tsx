/** Playback icons drawn inline: symbol fonts are missing on many classroom machines. */
const paths = {
  play: 'M7 4.5v15l12-7.5z',
  pause: 'M6 4.5h4v15H6zM14 4.5h4v15h-4z',
  stepForward: 'M5 4.5v15l10-7.5zM16 4.5h3v15h-3z',
  stepBack: 'M19 4.5v15L9 12zM5 4.5h3v15H5z',
  // a leap (two triangles): a big step of the story, not the one event of Step
  skipForward: 'M2 4.5v15l8.5-7.5zM10.5 4.5v15l8.5-7.5zM19.5 4.5h2.5v15h-2.5z',
  skipBack: 'M22 4.5v15l-8.5-7.5zM13.5 4.5v15L5 12zM2 4.5h2.5v15H2z',
  reset: 'M12 5a7 7 0 1 1-6.6 4.7l2 .7A4.9 4.9 0 1 0 12 7.1V10L7.5 6 12 2z',
  // the diagram's close-up: a magnifying glass
  closeUp:
    'M10 2a8 8 0 0 1 6.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 8 0 1 1 10 2zm0 2.2a5.8 5.8 0 1 0 0 11.6 5.8 5.8 0 0 0 0-11.6zM9 6.5h2V9h2.5v2H11v2.5H9V11H6.5V9H9z',
  // a process blocked on a call (the diagram)
  hourglass:
    'M6 2h12v2c0 3-2 5.2-4.5 6.5v3C16 14.8 18 17 18 20v2H6v-2c0-3 2-5.2 4.5-6.5v-3C8 9.2 6 7 6 4z',
} as const;

export function Icon({ name }: { name: keyof typeof paths }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}
