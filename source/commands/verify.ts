// `conc-tutor verify <exercise-id>`: grade the learner's files for one exercise, print the verdict,
// record the attempt. Exit 0 pass, 1 fail, 2 unknown exercise.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { checkLines, couldNotJudge, firstFailure, forLearner, toJson } from '../grader/report.js';
import { isolationNotice } from '../grader/isolation.js';
import { procNotice } from '../grader/proc.js';
import { verifyPatiently } from '../grader/verify.js';
import { loadProgress, pickNextHint, recordAttempt, shownHints } from '../progress/index.js';
import { renderTimeline } from '../timeline/render.js';
import { exerciseWorkspaceDir } from '../workspace/index.js';
import { invocation } from '../cli/invocation.js';
import { typeCheck, typeWarningLines } from '../typecheck/typecheck.js';
import { duration } from '../duration.js';

export interface VerifyFlags {
	json?: boolean;
	seed?: number;
	timeline?: boolean;
}

export async function verify(ctx: CommandContext, exerciseId: string, flags: VerifyFlags): Promise<number> {
	const exercise = ctx.exercise(exerciseId);
	const { dir: workspace } = ctx.workspace();
	// Isolated code cannot reach the workspace at all. Without isolation no snapshot is put back either:
	// it would undo what another verify recorded meanwhile, and a learner's own progress is theirs
	// (`grade` never reads it).
	for (const notice of [isolationNotice(), procNotice()]) if (notice) ctx.err(`conc-tutor: ${notice}`);
	const result = forLearner(
		await verifyPatiently(exercise, exerciseWorkspaceDir(workspace, exercise), {
			seed: flags.seed,
			replay: flags.seed !== undefined,
			// Said on stderr, so --json output stays one document.
			onRetry: (next, tries, waitMs) =>
				ctx.err(`The machine was too busy to judge this; grading again in ${(waitMs / 1000).toFixed(0)} s (try ${next} of ${tries})…`),
		}),
	);
	const failure = firstFailure(result);
	// A result the machine was too busy to judge is no attempt: nothing is recorded.
	if (result.status !== 'inconclusive') {
		recordAttempt(workspace, exercise.id, {
			status: result.status,
			failedCheck: failure?.id,
			message: failure?.message,
			...(failure?.hint !== undefined && { hint: failure.hint }),
			durationMs: result.durationMs,
		});
	}
	const code = result.status === 'pass' ? EXIT.ok : result.status === 'inconclusive' ? EXIT.inconclusive : EXIT.fail;
	if (flags.json) {
		ctx.out(JSON.stringify(toJson(result)));
		return code;
	}
	const width = Math.max(60, ctx.io.stdout.columns ?? 100);
	// After the verdict, never before it: checking types takes a second or two.
	const typeWarnings = async () => {
		if (result.status === 'inconclusive' || result.checks[0]?.status === 'fail') return;
		for (const line of typeWarningLines(await typeCheck(exerciseWorkspaceDir(workspace, exercise)), width)) ctx.out(line);
	};
	ctx.out(ctx.style.bold(`${exercise.title} (${exercise.id}) · seed ${result.seed}`));
	for (const line of checkLines(result, width)) ctx.out(line);
	if (flags.timeline && result.trace) {
		ctx.out();
		for (const line of renderTimeline(result.trace, width)) ctx.out(line);
	}
	ctx.out();
	if (result.status === 'pass') {
		ctx.out(ctx.style.bold(`PASS in ${duration(result.durationMs)}.`));
		await typeWarnings();
		return code;
	}
	if (result.status === 'inconclusive') {
		ctx.out(ctx.style.bold(couldNotJudge(result)));
		return code;
	}
	ctx.out(ctx.style.bold(`FAIL in ${duration(result.durationMs)}.`));
	await typeWarnings();
	const next = pickNextHint(exercise.hints.length, shownHints(loadProgress(workspace).exercises[exercise.id]), failure?.hint);
	if (next !== undefined) {
		const about = next === failure?.hint && !failure.hidden ? ` (about '${failure.id}')` : '';
		ctx.out(`Stuck? Hint ${next + 1} of ${exercise.hints.length}${about}: ${invocation(ctx.io.env)} hint ${exercise.id}`);
	}
	ctx.out(`Replay this run's inputs: ${invocation(ctx.io.env)} verify ${exercise.id} --seed ${result.seed} (the same inputs and schedules the grader chooses; your threads may still interleave differently)`);
	const output = result.output.trim();
	if (output) {
		const lines = output.split('\n');
		ctx.out();
		ctx.out(`Your program printed ${lines.length} line${lines.length === 1 ? '' : 's'}${lines.length > 10 ? ' (last 10 shown)' : ''}:`);
		for (const line of lines.slice(-10)) ctx.out(`  | ${line}`);
	}
	return code;
}
