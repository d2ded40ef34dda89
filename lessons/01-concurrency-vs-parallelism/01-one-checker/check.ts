import { checks, defineExercise, type ScheduleOutcome } from 'conc-tutor/kit';

const NAMES = ['Ada', 'Bea', 'Cy', 'Dot', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kit', 'Lu', 'Max', 'Ned', 'Oz', 'Pia'];

/** The two queues for a seed: 2–5 VIPs and 2–5 regulars. Both halves of the check call this. */
export function queues(seed: number): { vip: string[]; regular: string[] } {
	const vipCount = 2 + (seed % 4);
	const regularCount = 2 + (Math.floor(seed / 4) % 4);
	const name = (i: number) => NAMES[(seed + i) % NAMES.length]!;
	return {
		vip: Array.from({ length: vipCount }, (_, i) => `VIP ${name(i)}`),
		regular: Array.from({ length: regularCount }, (_, i) => `${name(vipCount + i)}`),
	};
}

/** VIP, regular, VIP, regular… while both queues have people; then the rest of the longer queue. */
export function expectedOrder(seed: number): string[] {
	const { vip, regular } = queues(seed);
	const order: string[] = [];
	for (let i = 0; i < Math.max(vip.length, regular.length); i++) {
		if (i < vip.length) order.push(vip[i]!);
		if (i < regular.length) order.push(regular[i]!);
	}
	return order;
}

interface Observed {
	/** People in the order their checks started. */
	started: string[];
	/** People in the order their checks finished. */
	finished: string[];
	/** Most checks in progress at the same moment. */
	maxInProgress: number;
	/** Checks still in progress when serveOneChecker's promise resolved. */
	inProgressAtReturn: number;
}

export default defineExercise({
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		const { serveOneChecker } = await ctx.import('checker.ts');
		const outcomes = await ctx.explore(async (scheduler): Promise<Observed> => {
			const { vip, regular } = queues(ctx.seed);
			const seen: Observed = { started: [], finished: [], maxInProgress: 0, inProgressAtReturn: 0 };
			let inProgress = 0;
			// The ticket check: it starts now and finishes when the scheduler says so (like real I/O).
			const check = async (person: string): Promise<void> => {
				seen.started.push(String(person));
				inProgress++;
				seen.maxInProgress = Math.max(seen.maxInProgress, inProgress);
				await scheduler.op(`check ${person}`, () => {
					inProgress--;
					seen.finished.push(String(person));
				});
			};
			await serveOneChecker(vip, regular, check);
			seen.inProgressAtReturn = inProgress;
			return seen;
		});
		ctx.report('orders', outcomes);
	},
	checks: [
		everyOrder('everyone-once', 'checks everyone exactly once, and all checks are done when it returns', (seen, seed) => {
			const everyone = [...expectedOrder(seed)].sort();
			const started = [...seen.started].sort();
			const twice = seen.started.find((p, i) => seen.started.indexOf(p) !== i);
			if (twice !== undefined) return `${twice} was checked twice`;
			const missing = everyone.find((p) => !started.includes(p));
			if (missing !== undefined) return `${missing} was never checked`;
			const stranger = started.find((p) => !everyone.includes(p));
			if (stranger !== undefined) return `checked "${stranger}", who is in neither queue`;
			if (seen.inProgressAtReturn > 0) {
				return `serveOneChecker returned while ${seen.inProgressAtReturn} check${seen.inProgressAtReturn === 1 ? ' was' : 's were'} still in progress (a check that is not awaited)`;
			}
			return true;
		}),
		everyOrder('alternates', 'takes VIP and regular in turn while both queues have people', (seen, seed) => {
			const want = expectedOrder(seed);
			const i = want.findIndex((p, k) => seen.started[k] !== p);
			if (i === -1) return true;
			const { vip, regular } = queues(seed);
			return `queues VIP [${vip.join(', ')}] and regular [${regular.join(', ')}]: check no. ${i + 1} should be ${want[i]}, but it was ${seen.started[i] ?? 'nobody'} (started in the order: ${seen.started.join(', ')})`;
		}),
		everyOrder('one-at-a-time', 'one checker: never two checks in progress at once', (seen) =>
			seen.maxInProgress <= 1 || `${seen.maxInProgress} checks were in progress at the same time; one checker checks one ticket at a time`,
		),
	],
});

/** Like checks.schedules, but the predicate also gets the run's seed (to compute what is expected). */
function everyOrder(id: string, title: string, predicate: (seen: Observed, seed: number) => true | string) {
	return checks.custom(id, title, (run) => {
		const outcomes = run.values.orders as ScheduleOutcome<Observed>[] | undefined;
		if (!Array.isArray(outcomes) || outcomes.length === 0) return 'your code never produced "orders"';
		for (const outcome of outcomes) {
			const order = outcome.order.join(' → ') || '(no check ever finished)';
			if (outcome.stuck) return `when checks finished in the order ${order}, serveOneChecker never returned: something awaits forever`;
			if (outcome.error !== undefined) return `when checks finished in the order ${order}, your code threw: ${outcome.error}`;
			const verdict = predicate(outcome.value!, run.seed);
			if (verdict !== true) return outcomes.length > 1 ? `when checks finished in the order ${order}: ${verdict}` : verdict;
		}
		return true;
	});
}
