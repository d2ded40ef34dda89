// Rendering the demo screens with ink-testing-library: frames without escape codes, keys a person
// would type (at least 10 ms apart, or Ink 6 may read two as one sequence), and waiting for a frame.
import { setTimeout as delay } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import type { render } from 'ink-testing-library';
import { expect } from 'vitest';

export type Rendered = ReturnType<typeof render>;

export const KEY = { enter: '\r', escape: '\u001B', space: ' ' };

export function frame(rendered: Rendered): string {
	return stripVTControlCharacters(rendered.lastFrame() ?? '');
}

/** Waits until the frame satisfies `test`; the demos' workers report on their own schedule. */
export async function until(rendered: Rendered, test: (frame: string) => boolean, what: string, ms = 8000): Promise<string> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		const current = frame(rendered);
		if (test(current)) return current;
		await delay(10);
	}
	throw new Error(`timed out waiting for ${what}; last frame:\n${frame(rendered)}`);
}

/** The frame's words on one line: the screens word-wrap their messages, so a phrase may span rows. */
export function flat(current: string): string {
	return current
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.join(' ');
}

/** Waits until the frame shows `text` (anywhere, across a row break); resolves with the raw frame. */
export const showing = (rendered: Rendered, text: string, ms?: number) =>
	until(rendered, (current) => flat(current).includes(text), `"${text}"`, ms);

export async function press(rendered: Rendered, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		await delay(20);
		rendered.stdin.write(key);
		await delay(30);
	}
}

/** The frame fits a terminal of rows × columns (the frame leaves the last row free). */
export function expectFits(current: string, rows: number, columns: number): void {
	const lines = current.split('\n');
	expect(lines.length).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
}
