import { checks, defineExercise } from 'conc-tutor/kit';

const DEADLINE_MS = 5000;
const WORDS = ['queue', 'pipe', 'sentinel', 'worker', 'fork', 'message', 'channel', 'stop', 'event', 'lock', 'core', 'port'];

/** 12 items of 2–4 words, from the seed (never the word STOP in capitals). */
function items(seed: number): string[] {
	let state = (seed ^ 0x2545f491) >>> 0;
	const next = (n: number) => {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0;
		return (state >>> 8) % n;
	};
	return Array.from({ length: 12 }, () => Array.from({ length: 2 + next(3) }, () => WORDS[next(WORDS.length)]).join(' '));
}
const work = (item: string) => `${item.length}:${[...item].reverse().join('')}`;

export default defineExercise({
	limits: { timeoutMs: 12_000 },
	async run(ctx) {
		const { processInChild } = await ctx.import('parent.ts');
		// A child process's start-up is what a busy machine slows: the deadline grows with the factor and the
		// pace measured now (at most 2×, so the run still fits its own time limit).
		const deadline = Math.round(DEADLINE_MS * Math.min(2 * ctx.factor, ctx.factor * (await ctx.pace())));
		ctx.report('deadlineMs', deadline);
		const answers: Promise<string[]> = processInChild(items(ctx.seed));
		answers.catch(() => {}); // if the deadline wins, a later rejection is not a crash
		const result = await Promise.race([answers, ctx.sleep(deadline).then(() => 'deadline' as const)]);
		ctx.report('finished', result !== 'deadline');
		if (result !== 'deadline') ctx.report('answers', result);
	},
	checks: [
		checks.value('finishes', `processInChild resolves (within ${DEADLINE_MS / 1000} s; more on a busy machine)`, 'finished', (finished: boolean, run) =>
			finished || `processInChild had not resolved after ${Number(run.values.deadlineMs ?? DEADLINE_MS) / 1000} s: is it waiting for a child that never exits?`,
		{ hint: 1, timing: true }),
		checks.equal('answers', 'every item is answered, in the order sent', 'answers', (run) => items(run.seed).map(work)),
		checks.processes({ exact: 1 }, { title: 'one child process handles every item', hint: 0 }),
		checks.custom('exits-cleanly', "the child ends by itself after 'STOP', with exit code 0", (run) => {
			const runEnd = run.trace.events.find((e) => e.type === 'run-end')?.t ?? Infinity;
			const spawned = run.trace.events.filter((e) => e.type === 'child-spawn');
			if (spawned.length === 0) return 'no child process was started';
			for (const spawn of spawned) {
				const pid = (spawn as { pid: number }).pid;
				const exit = run.trace.events.find((e) => e.type === 'child-exit' && e.pid === pid) as
					| { t: number; code: number | null; signal: string | null }
					| undefined;
				if (!exit || exit.t > runEnd) return `child ${pid} had not ended when processInChild resolved: wait for its 'exit' (and make it end on 'STOP')`;
				if (exit.signal) return `child ${pid} was killed by ${exit.signal}: send 'STOP' and let it end by itself instead`;
				if (exit.code !== 0) return `child ${pid} exited with code ${exit.code}`;
			}
			return true;
		}, { hint: 1 }),
		checks.noLeaks({ hint: 1 }),
	],
});
