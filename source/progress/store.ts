// Reading and writing <workspace>/.conc-tutor/progress.json. Writes go to a temporary file that is
// renamed over the real one, so a reader (or a crash) only ever sees a whole old or a whole new file.
// A file we cannot trust is moved aside, never repaired: guessing could turn an exercise into passed.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from '../workspace/layout.js';
import { withLock } from './lock.js';
import { exerciseEntry, PROGRESS_SCHEMA_VERSION, PROGRESS_TOOL, progressFileSchema, type ProgressFile } from './schema.js';

export interface ProgressOptions {
	/** Receives the one-line warning when a progress file is moved aside. Default: written to stderr. */
	warn?: (line: string) => void;
	/** Clock, for tests. */
	now?: () => Date;
	/** Set by callers that hold the progress lock: a partly readable file may then be repaired in place. */
	locked?: boolean;
}

export function progressFile(workspace: string): string {
	return path.join(stateDir(workspace), 'progress.json');
}

export function emptyProgress(): ProgressFile {
	return { tool: PROGRESS_TOOL, schemaVersion: PROGRESS_SCHEMA_VERSION, exercises: {} };
}

function defaultWarn(line: string): void {
	process.stderr.write(`${line}\n`);
}

/**
 * Why a file's content cannot be used, in words, or its data. A file of ours in our format whose only
 * fault is some exercises' entries keeps the others: `dropped` names the entries that were unreadable.
 */
function distrust(text: string): { reason: string } | { data: ProgressFile; dropped?: string[] } {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return { reason: 'is not valid JSON (corrupt)' };
	}
	if (json === null || typeof json !== 'object' || (json as { tool?: unknown }).tool !== PROGRESS_TOOL) {
		return { reason: 'was not written by conc-tutor' };
	}
	const version = (json as { schemaVersion?: unknown }).schemaVersion;
	if (typeof version === 'number' && version > PROGRESS_SCHEMA_VERSION) {
		return { reason: `was written by a newer conc-tutor (format ${version}; this one reads ${PROGRESS_SCHEMA_VERSION})` };
	}
	const parsed = progressFileSchema.safeParse(json);
	if (parsed.success) return { data: parsed.data };
	const entries = (json as { exercises?: unknown }).exercises;
	if (version !== PROGRESS_SCHEMA_VERSION || entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
		return { reason: 'does not have the expected content (corrupt)' };
	}
	const data = emptyProgress();
	const dropped: string[] = [];
	for (const [id, entry] of Object.entries(entries)) {
		const one = exerciseEntry.safeParse(entry);
		if (one.success) data.exercises[id] = one.data;
		else dropped.push(id);
	}
	return { data, dropped };
}

function asideName(file: string, options: ProgressOptions): string {
	return `${file}.corrupt-${(options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
}

/** A copy of the damaged file beside it, for the curious (and for support). */
function keepAside(file: string, options: ProgressOptions): string {
	const aside = asideName(file, options);
	writeAtomic(aside, readFileSync(file, 'utf8'));
	return aside;
}

function moveAside(file: string, reason: string, options: ProgressOptions): void {
	const aside = asideName(file, options);
	try {
		renameSync(file, aside);
	} catch (error) {
		// Another conc-tutor process moved it first; its warning is enough.
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw error;
	}
	(options.warn ?? defaultWarn)(
		`conc-tutor: warning: your progress file ${reason}; moved it to ${aside} and starting with fresh progress.`,
	);
}

/** Reads the progress of a workspace; a missing file is empty progress, an untrusted one is moved aside. */
export function readProgress(workspace: string, options: ProgressOptions = {}): ProgressFile {
	const file = progressFile(workspace);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyProgress();
		throw error;
	}
	const verdict = distrust(text);
	if ('reason' in verdict) {
		moveAside(file, verdict.reason, options);
		return emptyProgress();
	}
	if (verdict.dropped) {
		// Repaired under the lock (a reader takes it for this), so no other process's record is overwritten:
		// the original is kept beside it, and the entries that could be read are written back.
		if (!options.locked) return withLock(`${file}.lock`, () => readProgress(workspace, { ...options, locked: true }));
		const aside = keepAside(file, options);
		writeProgress(workspace, verdict.data);
		(options.warn ?? defaultWarn)(
			`conc-tutor: warning: your progress for ${verdict.dropped.join(', ')} could not be read and starts afresh; the rest is kept (the original file is at ${aside}).`,
		);
	}
	return verdict.data;
}

/** Replaces the progress file atomically: temp file in the same folder, fsync, rename. */
export function writeProgress(workspace: string, progress: ProgressFile): void {
	writeAtomic(progressFile(workspace), `${JSON.stringify(progress, null, '\t')}\n`);
}

/** Replaces a file atomically: readers see the old or the new content, never a torn one. */
export function writeAtomic(file: string, text: string): void {
	mkdirSync(path.dirname(file), { recursive: true });
	const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
	try {
		const fd = openSync(temp, 'wx');
		try {
			writeSync(fd, text);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temp, file);
	} catch (error) {
		rmSync(temp, { force: true });
		throw error;
	}
}
