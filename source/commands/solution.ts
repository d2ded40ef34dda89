// `conc-tutor solution <exercise-id>`: the reference solution — after a pass; before that, only after
// three attempts and with --yes (the same rule as the tutor's `s` key).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/exit.js';
import { listFiles } from '../workspace/index.js';
import { loadProgress } from '../progress/index.js';
import { solutionAccess } from '../progress/solution-rule.js';
import { invocation } from '../cli/invocation.js';

export function solution(ctx: CommandContext, exerciseId: string, flags: { yes?: boolean }): number {
	const exercise = ctx.exercise(exerciseId);
	const { dir } = ctx.workspace();
	const entry = loadProgress(dir).exercises[exercise.id];
	const access = solutionAccess(entry);
	if (access === 'locked') {
		ctx.err(`Not yet: the solution opens after you pass, or after 3 attempts (you have ${entry?.attempts ?? 0}). Try '${invocation(ctx.io.env)} hint ${exercise.id}'.`);
		return EXIT.fail;
	}
	if (access === 'confirm' && !flags.yes) {
		ctx.err(`You have not passed ${exercise.id} yet. If you are sure you want to see the reference solution, run: ${invocation(ctx.io.env)} solution ${exercise.id} --yes`);
		return EXIT.fail;
	}
	const root = path.join(exercise.path, 'solution');
	for (const file of listFiles(root)) {
		ctx.out(ctx.style.bold(`── ${file} ──`));
		ctx.out(readFileSync(path.join(root, file), 'utf8').trimEnd());
		ctx.out();
	}
	return EXIT.ok;
}
