// `conc-tutor verify <exercise-id>`: grade the learner's files for one exercise, print the verdict,
// record the attempt. Exit 0 pass, 1 fail, 2 unknown exercise.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { checkLines, couldNotJudge, firstFailure, toJson, whyUnjudged } from '../grader/report.js';
import { isolationNotice } from '../grader/isolation.js';
import { procNotice } from '../grader/proc.js';
import { exerciseService, matchingHint } from '../exercise/index.js';
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
	const service = exerciseService(workspace, { warn: ctx.err });
	// Records the attempt (a result the machine was too busy to judge is none).
	const result = (await service.grade(exercise, {
		seed: flags.seed,
		replay: flags.seed !== undefined,
		// Said on stderr, so --json output stays one document.
		onRetry: (next, tries, waitMs, previous) =>
			ctx.err(`${whyUnjudged(previous)}; grading again in ${(waitMs / 1000).toFixed(0)} s (try ${next} of ${tries})…`),
	}))!;
	const failure = firstFailure(result);
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
	const next = service.offeredHint(exercise, result);
	if (next !== undefined) {
		const about = next === matchingHint(exercise, result) && failure && !failure.hidden ? ` (about '${failure.id}')` : '';
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
