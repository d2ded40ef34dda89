import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

const CONSUMERS = 3;
const COUNT = 60;
const DEADLINE_MS = 4000;

/** 60 distinct items from the seed. */
const items = (seed: number) => Array.from({ length: COUNT }, (_, i) => 1000 + ((seed + i * 37) % 9000));

/** Threads that ended by themselves (an 'exit' and no terminate()) before runPipeline resolved. */
function endings(run: RunResult) {
	const runEnd = run.trace.events.find((e) => e.type === 'run-end')?.t ?? Infinity;
	const created = run.trace.events.filter((e) => e.type === 'worker-created').map((e) => (e as { threadId: number }).threadId);
	const exited = new Set(run.trace.events.filter((e) => e.type === 'worker-exit' && e.t <= runEnd).map((e) => (e as { threadId: number }).threadId));
	const terminated = new Set(run.trace.events.filter((e) => e.type === 'worker-terminate').map((e) => (e as { threadId: number }).threadId));
	return { created, exited, terminated };
}

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { runPipeline } = await ctx.import('pipeline.ts');
		// Worker start-ups are what a busy machine slows: the deadline grows with the factor and the pace
		// measured now (at most 2×, so the run still fits its own time limit).
		const deadline = Math.round(DEADLINE_MS * Math.min(2 * ctx.factor, ctx.factor * (await ctx.pace())));
		ctx.report('deadlineMs', deadline);
		const pipeline: Promise<number[][]> = runPipeline(items(ctx.seed), CONSUMERS);
		pipeline.catch(() => {}); // if the deadline wins, a later rejection is not a crash
		const result = await Promise.race([pipeline, ctx.sleep(deadline).then(() => 'deadline' as const)]);
		ctx.report('finished', result !== 'deadline');
		if (result !== 'deadline') ctx.report('consumed', result);
	},
	checks: [
		checks.value('finishes', `runPipeline resolves (within ${DEADLINE_MS / 1000} s; more on a busy machine)`, 'finished', (finished: boolean, run) =>
			finished || `runPipeline had not resolved after ${Number(run.values.deadlineMs ?? DEADLINE_MS) / 1000} s: some consumer never reported or never ended (did every consumer get its own sentinel?)`,
		{ hint: 0, timing: true }),
		checks.custom('exactly-once', 'every item is consumed exactly once', (run) => {
			const lists = run.values.consumed;
			if (!Array.isArray(lists)) return 'no result: runPipeline did not resolve';
			const got = (lists as unknown[]).flat().map(Number).sort((a, b) => a - b);
			const want = items(run.seed).sort((a, b) => a - b);
			const count = (list: number[], x: number) => list.filter((y) => y === x).length;
			const twice = want.find((x) => count(got, x) > 1);
			if (twice !== undefined) return `item ${twice} was consumed ${count(got, twice)} times (${got.length} consumptions for ${want.length} items)`;
			const missing = want.find((x) => count(got, x) === 0);
			if (missing !== undefined) return `item ${missing} was never consumed`;
			return got.length === want.length || `${got.length} items consumed, but only ${want.length} were produced`;
		}, { hint: 1 }),
		checks.value('work-shared', `the work is shared: each of the ${CONSUMERS} consumers consumed something`, 'consumed', (lists: unknown[]) =>
			(Array.isArray(lists) && lists.length === CONSUMERS && lists.every((l) => Array.isArray(l) && l.length > 0)) ||
			`items per consumer: ${Array.isArray(lists) ? lists.map((l) => (Array.isArray(l) ? l.length : '?')).join(', ') : '?'}`,
		),
		checks.custom('stops-on-sentinel', 'every consumer ended by itself, none was terminated', (run) => {
			const { created, exited, terminated } = endings(run);
			if (terminated.size > 0) return `${terminated.size} consumer${terminated.size === 1 ? ' was' : 's were'} ended with terminate(): tell them to stop (a sentinel) and let them end by themselves`;
			const alive = created.filter((id) => !exited.has(id));
			if (alive.length > 0) return `${alive.length} of ${created.length} consumers had not ended when runPipeline returned (or gave up)`;
			return true;
		}, { hint: 2 }),
		checks.workers({ exact: CONSUMERS }),
		checks.noLeaks({ hint: 2 }),
	],
});
