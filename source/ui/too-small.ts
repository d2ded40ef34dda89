// The smallest terminal the tutor draws in. Below it a screen would be cut, which reads as a fault, so
// the tutor says so in one sentence instead and draws again when the terminal grows.

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** The sentence to show instead of the screen, or undefined when the terminal is large enough. */
export function tooSmallText(columns: number, rows: number): string | undefined {
	if (columns >= MIN_COLUMNS && rows >= MIN_ROWS) return undefined;
	return `The terminal is ${columns}×${rows}, too small for conc-tutor (it needs at least ${MIN_COLUMNS}×${MIN_ROWS}): make it larger and the tutor carries on where you were, or press Ctrl+C to quit.`;
}
