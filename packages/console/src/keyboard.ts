// Keyboard use of composite widgets, as the WAI-ARIA Authoring Practices describe them.

/** Where a key moves the selection among `count` tabs from `at` (wrapping); null for other keys. */
export function tabMove(key: string, at: number, count: number): number | null {
  if (key === 'ArrowRight') return (at + 1) % count;
  if (key === 'ArrowLeft') return (at - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
