// Shared helpers for the package shell's tests: temporary folders and copies of the fixture packs.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shellPack = path.join(repoRoot, 'test/fixtures/shell-pack');
export const brokenPack = path.join(repoRoot, 'test/fixtures/broken-pack');
export const builtCli = path.join(repoRoot, 'dist/cli.js');

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
