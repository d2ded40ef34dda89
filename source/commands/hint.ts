// `conc-tutor hint <exercise-id>`: the next hint (the one about the check that failed last, else the
// gentlest not shown yet: the exercise service chooses, for the tutor's h key too); each one shown is recorded.
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { invocation } from '../cli/invocation.js';
import { exerciseService } from '../exercise/index.js';

export function hint(ctx: CommandContext, exerciseId: string): number {
	const exercise = ctx.exercise(exerciseId);
	const { dir } = ctx.workspace();
	const total = exercise.hints.length;
	const outcome = exerciseService(dir, { warn: ctx.err }).hint(exercise);
	if (outcome.kind === 'no-hints') {
		ctx.out(`${exercise.id} has no hints: its task text has the whole contract.`);
		return EXIT.ok;
	}
	const { shown } = outcome;
	// Every hint was shown before: the last one shown again, without counting.
	const showing = outcome.kind === 'shown' ? outcome.index : shown.at(-1)!;
	const about = exercise.title;
	ctx.out(ctx.style.bold(`Hint ${showing + 1} of ${total} for ${exercise.id} (${about})`));
	ctx.out();
	ctx.out(exercise.hints[showing]!);
	ctx.out();
	ctx.out(
		ctx.style.dim(
			shown.length < total
				? `Run '${invocation(ctx.io.env)} hint ${exercise.id}' again for another hint (${shown.length} of ${total} seen).`
				: `You have seen all ${total} hints; the task text in the tutor has the full contract.`,
		),
	);
	return EXIT.ok;
}
