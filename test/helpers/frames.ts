// Driving Ink screens in ink-testing-library: frames without escape codes, keys a person would type,
// waiting for a frame, resizing, and checking that a frame fits its terminal.
import { setTimeout as delay } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import type { render } from 'ink-testing-library';
import { expect } from 'vitest';

export type Rendered = ReturnType<typeof render>;

export const KEY = { enter: '\r', tab: '\t', escape: '\u001B', space: ' ', down: '\u001B[B', up: '\u001B[A', pageDown: '\u001B[6~' };

export function frame(rendered: Rendered): string {
	return stripVTControlCharacters(rendered.lastFrame() ?? '');
}

/**
 * Waits until the frame satisfies `test` (Ink renders after a key's handler, and the demos' workers report
 * on their own schedule). Generous: a condition on a busy machine may take seconds; a passing test never
 * waits that long.
 */
export async function until(rendered: Rendered, test: (frame: string) => boolean, what: string, ms = 15_000): Promise<string> {
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

/** Waits until the frame shows `text`, on one row or across a row break; resolves with the frame. */
export const showing = (rendered: Rendered, text: string, ms?: number) =>
	until(rendered, (current) => current.includes(text) || flat(current).includes(text), `"${text}"`, ms);

export const gone = (rendered: Rendered, text: string) => until(rendered, (current) => !current.includes(text), `"${text}" to go`);

/**
 * Types keys one at a time. Ink 6 reads keys closer than 10 ms apart as one sequence; and a screen that
 * has just appeared subscribes to keys only after it is drawn, which a test cannot see, so a key sent
 * at once would be lost, as it would for a person typing faster than the screen can follow.
 */
export async function press(rendered: Rendered, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		await delay(20);
		rendered.stdin.write(key);
		await delay(50);
	}
}

export function resize(rendered: Rendered, rows: number, columns: number): void {
	Object.defineProperty(rendered.stdout, 'rows', { value: rows, configurable: true });
	Object.defineProperty(rendered.stdout, 'columns', { value: columns, configurable: true });
	rendered.stdout.emit('resize');
}

/** The frame fits the terminal: one row fewer than its height (see Frame), no row wider than it. */
export function fits(current: string, rows: number, columns: number): void {
	const lines = current.split('\n');
	expect(lines.length).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
}

export function lineWith(current: string, text: string): string {
	return current.split('\n').find((line) => line.includes(text)) ?? '';
}
