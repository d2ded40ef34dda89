// Driving the App in ink-testing-library: frames without escape codes, keys a person would type (Ink 6
// needs them at least 10 ms apart, or it may read two as one sequence), waiting for a frame, resizing.
import { setTimeout as delay } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import type { render } from 'ink-testing-library';
import { expect } from 'vitest';

export type Rendered = ReturnType<typeof render>;

export const KEY = { enter: '\r', tab: '\t', escape: '\u001B', down: '\u001B[B', up: '\u001B[A' };

export function frame(rendered: Rendered): string {
	return stripVTControlCharacters(rendered.lastFrame() ?? '');
}

// Generous: a condition on a busy machine may take seconds; a passing test never waits that long.
export async function until(rendered: Rendered, test: (frame: string) => boolean, what: string, ms = 15_000): Promise<string> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		const current = frame(rendered);
		if (test(current)) return current;
		await delay(10);
	}
	throw new Error(`timed out waiting for ${what}; last frame:\n${frame(rendered)}`);
}

export const showing = (rendered: Rendered, text: string) => until(rendered, (current) => current.includes(text), `"${text}"`);
export const gone = (rendered: Rendered, text: string) => until(rendered, (current) => !current.includes(text), `"${text}" to go`);

export async function press(rendered: Rendered, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		// A screen that has just appeared subscribes to keys right after it is drawn.
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
