// The grader's tests: fixture exercises, grading a variant, and the processes a run may leave behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assembleExercise } from '../../source/lessons/assemble.js';
import { findExercise, loadPack } from '../../source/lessons/load.js';
import type { Exercise } from '../../source/lessons/types.js';
import { verifyDir, type VerifyResult } from '../../source/grader/verify.js';
import { graderPack } from './paths.js';


export function fixtureExercise(id: string): Exercise {
	const exercise = findExercise(loadPack(graderPack), id);
	if (!exercise) throw new Error(`no fixture exercise ${id}`);
	return exercise;
}

/** Grades the exercise's starter with `overlayDir`'s files on top (a variant folder anywhere). */
export async function gradeWith(exercise: Exercise, overlayDir: string): Promise<VerifyResult> {
	const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-test-'));
	try {
		assembleExercise(exercise, dir, path.relative(exercise.path, overlayDir));
		return await verifyDir(exercise, dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Processes whose command line carries `tag` (the hostile fixtures tag every process they start). */
export function processesTagged(tag: string): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.filter((pid) => {
			try {
				return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(tag);
			} catch {
				return false;
			}
		})
		.map(Number);
}

export function failed(result: VerifyResult): Record<string, string> {
	return Object.fromEntries(result.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.message]));
}

/**
 * This checkout's sandbox processes left behind: alive (not zombies), orphaned (parent 1), naming a run folder. A
 * running sandbox always has the grader above it, so any such process is a leak, whichever test made it. Each is
 * described so a failure says what was left: pid, state, what it waits in, and its pids by namespace (a last
 * pid of 1 is a clone that never ran its command).
 */
export function orphanedSandboxes(): string[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.flatMap((pid) => {
			try {
				const status = readFileSync(`/proc/${pid}/status`, 'utf8');
				if (!/^PPid:\s+1$/m.test(status) || /^State:\s+Z/m.test(status)) return [];
				// This checkout's sandboxes only: another checkout's grader on the same machine is not ours to judge.
				const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
				if (!cmdline.includes('conc-tutor-run-') || !cmdline.includes(path.resolve('dist', 'harness.js'))) return [];
				const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(status)?.[1]?.replace(/\s+/g, ' ');
				return [`${pid} ${field('State')} in ${readFileSync(`/proc/${pid}/wchan`, 'utf8')} NSpid ${field('NSpid')}`];
			} catch {
				return [];
			}
		});
}
