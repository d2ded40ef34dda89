// The operations that change progress. Each one is a locked read-modify-write of the whole file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { explainFsError } from '../workspace/errors.js';
import { withLock } from './lock.js';
import { pickNextHint } from './hints.js';
import type { ExerciseProgress, ExerciseStatus, ProgressFile } from './schema.js';
import { progressFile, readProgress, writeProgress, type ProgressOptions } from './store.js';

/** What one grading run says about an exercise; the grader's verify passes this to recordAttempt. */
export interface AttemptSummary {
	status: 'pass' | 'fail';
	/** Id of the first failing check, when the run failed on a check. */
	failedCheck?: string;
	/** One sentence for the learner (kept to 500 characters). */
	message?: string;
	durationMs: number;
	/**
	 * A hash of the files graded, given for gradings a save started: every tutor open on the workspace
	 * grades that save, and the same files graded again update the result but are not another attempt.
	 * An explicit verify (the CLI, Enter in the tutor) gives none: each one asked for counts.
	 */
	version?: string;
	/** The hint about the failed check (its `hint`), offered first when the learner asks for one. */
	hint?: number;
}

const MAX_MESSAGE = 500;

function update(
	workspace: string,
	exerciseId: string,
	options: ProgressOptions,
	change: (entry: ExerciseProgress, now: string) => void,
): ExerciseProgress {
	const now = (options.now?.() ?? new Date()).toISOString();
	try {
		mkdirSync(path.dirname(progressFile(workspace)), { recursive: true });
		return withLock(`${progressFile(workspace)}.lock`, () => {
			const progress = readProgress(workspace, { ...options, locked: true });
			const entry: ExerciseProgress = progress.exercises[exerciseId] ?? {
				status: 'not-started',
				attempts: 0,
				hintsShown: 0,
				firstSeen: now,
				updated: now,
			};
			change(entry, now);
			entry.updated = now;
			progress.exercises[exerciseId] = entry;
			writeProgress(workspace, progress);
			return entry;
		});
	} catch (error) {
		explainFsError(error, progressFile(workspace));
	}
}

/** Loads a workspace's progress (empty when there is none yet). */
export function loadProgress(workspace: string, options: ProgressOptions = {}): ProgressFile {
	return readProgress(workspace, options);
}

/**
 * Records one grading run of an exercise and returns its new entry. "passed" is kept once reached: a
 * later failing experiment shows in lastResult but does not take the pass away.
 */
export function recordAttempt(
	workspace: string,
	exerciseId: string,
	summary: AttemptSummary,
	options: ProgressOptions = {},
): ExerciseProgress {
	return update(workspace, exerciseId, options, (entry, now) => {
		const again = summary.version !== undefined && entry.lastResult?.version === summary.version;
		if (!again) entry.attempts += 1;
		entry.lastResult = {
			status: summary.status,
			...(summary.version !== undefined && { version: summary.version }),
			...(summary.failedCheck !== undefined && { failedCheck: summary.failedCheck }),
			...(summary.status === 'fail' && summary.hint !== undefined && { hint: summary.hint }),
			...(summary.message !== undefined && { message: summary.message.slice(0, MAX_MESSAGE) }),
			durationMs: Math.max(0, Math.round(summary.durationMs)),
			at: now,
		};
		if (summary.status === 'pass' && entry.status !== 'passed') {
			entry.status = 'passed';
			entry.passedAt = now;
		} else if (entry.status === 'not-started') {
			entry.status = 'attempted';
		}
	});
}

/** The hints of an exercise shown so far (0-based, in order); a file from before they were listed has only a count. */
export function shownHints(entry: ExerciseProgress | undefined): number[] {
	if (!entry) return [];
	return entry.hints ?? Array.from({ length: entry.hintsShown }, (_, index) => index);
}

/**
 * Shows the next hint and records which: chosen under the lock by pickNextHint (the hint about the
 * check that failed last, else the gentlest not shown), so the CLI and the tutor give the same sequence.
 * Returns the hint shown now (undefined once `available`, the exercise's number of hints, were all
 * shown) and every hint shown so far.
 */
export function recordHint(
	workspace: string,
	exerciseId: string,
	options: ProgressOptions & { available?: number } = {},
): { index?: number; shown: number[] } {
	let index: number | undefined;
	const entry = update(workspace, exerciseId, options, (entry) => {
		const shown = shownHints(entry);
		const preferred = entry.lastResult?.status === 'fail' ? entry.lastResult.hint : undefined;
		index = pickNextHint(options.available ?? Number.POSITIVE_INFINITY, shown, preferred);
		if (index === undefined) return;
		entry.hints = [...shown, index];
		entry.hintsShown = entry.hints.length;
	});
	return { ...(index !== undefined && { index }), shown: shownHints(entry) };
}

/** Notes that the learner opened an exercise (sets firstSeen the first time; changes nothing else). */
export function markSeen(workspace: string, exerciseId: string, options: ProgressOptions = {}): ExerciseProgress {
	return update(workspace, exerciseId, options, () => {});
}

/** The status of one exercise; an exercise with no entry is not started. */
export function statusOf(progress: ProgressFile, exerciseId: string): ExerciseStatus {
	return progress.exercises[exerciseId]?.status ?? 'not-started';
}

export interface ProgressTotals {
	total: number;
	passed: number;
	attempted: number;
	notStarted: number;
}

/** Counts the statuses of the given exercise ids (progress entries for other ids are ignored). */
export function totals(progress: ProgressFile, exerciseIds: readonly string[]): ProgressTotals {
	const result: ProgressTotals = { total: exerciseIds.length, passed: 0, attempted: 0, notStarted: 0 };
	for (const id of exerciseIds) {
		const status = statusOf(progress, id);
		if (status === 'passed') result.passed++;
		else if (status === 'attempted') result.attempted++;
		else result.notStarted++;
	}
	return result;
}

export type { ProgressFile };
