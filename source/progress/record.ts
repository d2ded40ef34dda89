// The operations that change progress. Each one is a locked read-modify-write of the whole file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { explainFsError } from '../workspace/errors.js';
import { withLock } from './lock.js';
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

/**
 * Counts one more hint shown and returns how many have been shown. With `available` (the exercise's
 * number of hints) the count stops there, so asking again repeats the last hint without counting.
 */
export function recordHint(
	workspace: string,
	exerciseId: string,
	options: ProgressOptions & { available?: number } = {},
): number {
	return update(workspace, exerciseId, options, (entry) => {
		const limit = options.available ?? Number.POSITIVE_INFINITY;
		entry.hintsShown = Math.min(entry.hintsShown + 1, limit);
	}).hintsShown;
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
