import { checks, defineExercise } from 'conc-tutor/kit';

const COUNT = 8;

interface PlannedTask {
	ms: number;
	fail: boolean;
	value: number;
}

interface Seen {
	index?: number;
	status?: string;
	value?: unknown;
	reason?: string;
	/** How many of the grader's promises had settled when this item reached the caller. */
	settledBefore?: number;
	timeout?: true;
	threw?: string;
}

/** Task durations are 60, 130, 200, … ms in a seeded order, so the completion order is known; two tasks fail. */
function plan(seed: number): PlannedTask[] {
	let state = (seed * 2246822519) >>> 0 || 1;
	const next = () => {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		return state / 4294967296;
	};
	const ranks = Array.from({ length: COUNT }, (_, i) => i);
	for (let i = COUNT - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
	}
	const failing = new Set<number>();
	while (failing.size < 2) failing.add(Math.floor(next() * COUNT));
	return ranks.map((rank, i) => ({ ms: 60 + rank * 70, fail: failing.has(i), value: 100 + Math.floor(next() * 900) }));
}

/** What the caller should see, in order. */
function expected(seed: number) {
	const tasks = plan(seed);
	return tasks
		.map((task, index) => ({ index, task }))
		.sort((a, b) => a.task.ms - b.task.ms)
		.map(({ index, task }) =>
			task.fail ? { index, status: 'rejected', reason: `task ${index} failed` } : { index, status: 'fulfilled', value: task.value },
		);
}

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		const { asCompleted } = await ctx.import('as-completed.ts');
		const tasks = plan(ctx.seed);
		let settled = 0;
		const promises = tasks.map(
			(task, index) =>
				new Promise((resolve, reject) => {
					void ctx.sleep(task.ms).then(() => {
						settled++;
						if (task.fail) reject(new Error(`task ${index} failed`));
						else resolve(task.value);
					});
				}),
		);
		for (const promise of promises) promise.catch(() => {}); // a rejection nobody handled must not end the run
		const seen: Seen[] = [];
		const deadline = ctx.sleep(2500).then(() => 'timeout' as const);
		try {
			const iterator = asCompleted(promises)[Symbol.asyncIterator]();
			while (seen.length < COUNT + 2) {
				const step = await Promise.race([iterator.next(), deadline]);
				if (step === 'timeout') {
					seen.push({ timeout: true });
					break;
				}
				if (step.done) break;
				const item = step.value ?? {};
				seen.push({
					index: item.index,
					status: item.status,
					...(item.status === 'fulfilled' ? { value: item.value } : { reason: String(item.reason?.message ?? item.reason) }),
					settledBefore: settled,
				});
			}
			await Promise.race([Promise.resolve(iterator.return?.()).catch(() => {}), ctx.sleep(200)]);
		} catch (error) {
			seen.push({ threw: String((error as Error)?.message ?? error) });
		}
		ctx.report('seen', seen);
	},
	checks: [
		checks.value('completion-order', 'yields every outcome once, in the order the promises settled', 'seen', (seen: Seen[], run) => {
			const want = expected(run.seed);
			const order = `the promises settled in the order ${want.map((w) => w.index).join(', ')}`;
			for (const [k, item] of seen.entries()) {
				if (item.threw !== undefined) {
					const note = /^task \d+ failed$/.test(item.threw) ? " (a rejected promise must come out as { status: 'rejected' }, not as an exception)" : '';
					return `iterating threw after ${k} items: ${item.threw}${note}`;
				}
				if (item.timeout) return `after ${k} items, the next one never came (waited 2.5 s); ${order}`;
				const w = want[k];
				if (!w) return `yielded more than ${want.length} items (the ${k + 1}th was index ${item.index}): each promise must come out exactly once`;
				const got = { index: item.index, status: item.status, ...(item.status === 'fulfilled' ? { value: item.value } : { reason: item.reason }) };
				if (JSON.stringify(got) !== JSON.stringify(w)) {
					return `item ${k + 1} was ${JSON.stringify(got)}, expected ${JSON.stringify(w)}; ${order}`;
				}
			}
			if (seen.length < want.length) return `yielded only ${seen.length} of ${want.length} items`;
			return true;
		}, { hint: 0 }),
		checks.value('as-soon-as-ready', 'hands each outcome over as soon as its promise settles', 'seen', (seen: Seen[]) => {
			for (const [k, item] of seen.entries()) {
				if (item.settledBefore === undefined) continue;
				if (item.settledBefore > k + 1) {
					return `item ${k + 1} reached the caller only when ${item.settledBefore} promises had settled: it was held back until later tasks had finished (each item must come out when its own promise settles)`;
				}
			}
			return seen.some((item) => item.settledBefore !== undefined) || 'nothing was yielded';
		}, { hint: 1 }),
	],
});
