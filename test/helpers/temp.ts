// Temporary folders and copies of the fixture packs, removed after the test that made them.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { shellPack } from './paths.js';

const made: string[] = [];

/** A fresh temporary folder, removed after the current test. */
export function tempDir(prefix = 'conc-tutor-test-'): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	made.push(dir);
	return dir;
}

/** A copy of the fixture pack that a test may change. */
export function packCopy(source = shellPack): string {
	const dir = path.join(tempDir('conc-tutor-pack-'), 'pack');
	cpSync(source, dir, { recursive: true });
	return dir;
}

afterEach(() => {
	for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
