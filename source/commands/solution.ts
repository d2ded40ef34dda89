// `conc-tutor solution <exercise-id>`: the reference solution — after a pass; before that, only after
// three attempts and with --yes (the exercise service's gate, the same as the tutor's `s` key).
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { exerciseService } from '../exercise/index.js';
import { invocation } from '../cli/invocation.js';

export function solution(ctx: CommandContext, exerciseId: string, flags: { yes?: boolean }): number {
	const exercise = ctx.exercise(exerciseId);
	const { dir } = ctx.workspace();
	const { gate, files } = exerciseService(dir, { warn: ctx.err }).solution(exercise, flags.yes === true);
	if (gate.kind === 'locked') {
		ctx.err(`Not yet: the solution opens after you pass, or after 3 attempts (you have ${gate.attempts}). Try '${invocation(ctx.io.env)} hint ${exercise.id}'.`);
		return EXIT.fail;
	}
	if (!files) {
		ctx.err(`You have not passed ${exercise.id} yet. If you are sure you want to see the reference solution, run: ${invocation(ctx.io.env)} solution ${exercise.id} --yes`);
		return EXIT.fail;
	}
	for (const { file, text } of files) {
		ctx.out(ctx.style.bold(`── ${file} ──`));
		ctx.out(text.trimEnd());
		ctx.out();
	}
	return EXIT.ok;
}
