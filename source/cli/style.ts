// Terminal styling for the non-interactive commands, without a colour library: four SGR codes are
// all they need, and every styled word also carries its meaning in text (✓ passed, ✗ failed).

export interface StyleTarget {
	isTTY?: boolean;
}

/**
 * Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org)
 * or the terminal is "dumb". FORCE_COLOR=0 also turns it off, as it does for Ink's chalk.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, stream: StyleTarget): boolean {
	if (env.NO_COLOR) return false;
	if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
	if (env.TERM === 'dumb') return false;
	return stream.isTTY === true;
}

export interface Style {
	bold(text: string): string;
	dim(text: string): string;
	green(text: string): string;
	red(text: string): string;
	yellow(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;
const plain = (text: string) => text;

export function createStyle(enabled: boolean): Style {
	if (!enabled) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain };
	return { bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39) };
}

/**
 * The one progress bar: `width` cells, `fraction` (0 to 1) of them filled, █████░░░░░. The counts or
 * figures beside it carry the meaning.
 */
export function bar(fraction: number, width: number): string {
	const cells = Math.max(0, Math.round(width));
	const filled = Math.round(Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * cells);
	return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}`;
}

/** `done` of `total` as a bar (nothing to do shows empty). */
export function progressBar(done: number, total: number, width: number): string {
	return bar(total === 0 ? 0 : done / total, width);
}
