// `conc-tutor verify <exercise-id>`: grade the learner's files for one exercise, print the verdict,
// record the attempt. Exit 0 pass, 1 fail, 2 unknown exercise.
import type { LessonPack } from '../lessons/types.js';
import { findExercise } from '../lessons/load.js';
import { recordAttempt, loadProgress } from '../progress/index.js';
import { checkLines, firstFailure, forLearner, toJson } from '../grader/report.js';
import { verifyDir, type VerifyResult } from '../grader/verify.js';
import { renderTimeline } from '../timeline/render.js';
import { exerciseWorkspaceDir } from '../workspace/index.js';

export interface VerifyCommandOptions {
	pack: LessonPack;
	workspace: string;
	exerciseId: string;
	json?: boolean;
	seed?: number;
	timeline?: boolean;
	width?: number;
	write?: (text: string) => void;
	writeError?: (text: string) => void;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export async function verifyCommand(options: VerifyCommandOptions): Promise<number> {
	const write = options.write ?? ((text: string) => process.stdout.write(text));
	const writeError = options.writeError ?? ((text: string) => process.stderr.write(text));
	const exercise = findExercise(options.pack, options.exerciseId);
	if (!exercise) {
		writeError(`There is no exercise "${options.exerciseId}". See the ids with: conc-tutor list\n`);
		return 2;
	}
	const full = await verifyDir(exercise, exerciseWorkspaceDir(options.workspace, exercise), {
		seed: options.seed,
		replay: options.seed !== undefined,
	});
	const result: VerifyResult = forLearner(full);
	const failure = firstFailure(result);
	recordAttempt(options.workspace, exercise.id, {
		status: result.status,
		failedCheck: failure?.id,
		message: failure?.message,
		durationMs: result.durationMs,
	});
	if (options.json) {
		write(`${JSON.stringify(toJson(result))}\n`);
		return result.status === 'pass' ? 0 : 1;
	}
	const width = options.width ?? process.stdout.columns ?? 100;
	const lines = [`${exercise.title} (${exercise.id}), seed ${result.seed}`, ...checkLines(result, width)];
	if (options.timeline && result.trace) lines.push('', ...renderTimeline(result.trace, width));
	if (result.status === 'pass') {
		lines.push('', `PASS in ${seconds(result.durationMs)}.`);
	} else {
		lines.push('', `FAIL in ${seconds(result.durationMs)}.`);
		const shown = loadProgress(options.workspace).exercises[exercise.id]?.hintsShown ?? 0;
		const wanted = failure?.hint !== undefined ? Math.max(failure.hint, shown) : shown;
		if (wanted < exercise.hints.length) {
			lines.push(`Stuck? Hint ${wanted + 1} of ${exercise.hints.length}: conc-tutor hint ${exercise.id}`);
		}
		lines.push(`Replay exactly this run: conc-tutor verify ${exercise.id} --seed ${result.seed}`);
		if (result.output.trim()) {
			const output = result.output.trim().split('\n');
			lines.push('', `Your program printed (${output.length} line${output.length === 1 ? '' : 's'}, last 10 shown):`, ...output.slice(-10).map((l) => `  | ${l}`));
		}
	}
	write(`${lines.join('\n')}\n`);
	return result.status === 'pass' ? 0 : 1;
}
