import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

type Range = [number, number];
const SIZE = 2;

/**
 * Twelve ranges above 5–6 million, from the seed: the first is three times as long as the others
 * (so answers come back out of order), about 2.2 s of counting in all: over a second per worker, so
 * the two workers overlap long enough to be seen even on a machine busy with other work.
 */
function rangesFor(seed: number): Range[] {
	const base = 5_000_000 + (seed % 1000) * 1000;
	const ranges: Range[] = [[base, base + 2_100_000]];
	for (let i = 0, from = base + 2_100_000; i < 11; i++, from += 700_000) ranges.push([from, from + 700_000]);
	return ranges;
}

/** The grader's own counts, by one sieve (a different method from the learner's). */
function expectedCounts(ranges: Range[]): number[] {
	const top = Math.max(...ranges.map(([, to]) => to));
	const composite = new Uint8Array(top);
	for (let n = 2; n * n < top; n++) {
		if (composite[n]) continue;
		for (let m = n * n; m < top; m += n) composite[m] = 1;
	}
	return ranges.map(([from, to]) => {
		let count = 0;
		for (let n = Math.max(2, from); n < to; n++) if (!composite[n]) count++;
		return count;
	});
}

/**
 * From the trace's message events: how long two or more workers each had a task outstanding (a message
 * from the main thread not yet answered), against the time from the first task to the last answer.
 * Unanswered messages ('stop') are ignored.
 */
function tasksInFlight(run: RunResult): { together: number; span: number } {
	const sent = new Map<number, number[]>();
	const spans: Array<[worker: number, from: number, to: number]> = [];
	for (const event of run.trace.events) {
		if (event.type !== 'message') continue;
		if (event.from === 0 && event.to !== 0) sent.set(event.to, [...(sent.get(event.to) ?? []), event.t]);
		else if (event.to === 0 && event.from !== 0) {
			const start = sent.get(event.from)?.shift();
			if (start !== undefined) spans.push([event.from, start, event.t]);
		}
	}
	if (spans.length === 0) return { together: 0, span: 0 };
	const points = spans.flatMap(([worker, from, to]): Array<[number, number, number]> => [[from, worker, 1], [to, worker, -1]]);
	points.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
	const depth = new Map<number, number>();
	let busy = 0;
	let together = 0;
	let last = points[0]![0];
	for (const [t, worker, step] of points) {
		if (busy >= 2) together += t - last;
		last = t;
		const before = depth.get(worker) ?? 0;
		depth.set(worker, before + step);
		if (before === 0 && step > 0) busy++;
		if (before === 1 && step < 0) busy--;
	}
	return { together, span: points.at(-1)![0] - points[0]![0] };
}

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { parallelMap } = await ctx.import('parallel-map.ts');
		ctx.mark(`parallelMap(12 ranges, ${SIZE})`);
		ctx.report('counts', await parallelMap(rangesFor(ctx.seed), SIZE));
		ctx.mark('done');
	},
	checks: [
		checks.equal('results', 'one count per range, in the order of the ranges', 'counts', (run) => expectedCounts(rangesFor(run.seed)), {
			hint: 2,
		}),
		checks.custom(
			'tasks-overlap',
			'both workers have a task at the same time',
			(run) => {
				const { together, span } = tasksInFlight(run);
				if (span === 0) return 'no worker ever answered a task (from the trace of messages between threads)';
				const share = together / span;
				const text = `two workers had a task in flight for ${Math.round(together)} ms of ${Math.round(span)} ms`;
				if (share < 0.5) return `${text}: mostly one worker worked while the other waited; give every worker a task before waiting for answers`;
				return { status: 'pass', message: text };
			},
			{ hint: 0 },
		),
		checks.parallelism({ hint: 0 }),
		checks.workers({ exact: SIZE }, { hint: 1 }),
		checks.noLeaks({ hint: 2 }),
	],
});
