import { checks, defineExercise, type ScheduleOutcome } from 'conc-tutor/kit';

const NAMES = ['Ada', 'Bea', 'Cy', 'Dot', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kit', 'Lu', 'Max', 'Ned', 'Oz', 'Pia'];

interface Queues {
	vip: string[];
	regular: string[];
}

/** A small deterministic generator, so both halves of the check derive the same inputs from the seed. */
function generator(seed: number): (n: number) => number {
	let state = (seed * 2654435761 + 977) >>> 0;
	return (n) => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return (state >>> 8) % n;
	};
}

/**
 * The scenarios of one run, from its seed: every shape the text names, each with its own sizes, in an
 * order that varies by seed — the VIP queue longer, the regular queue longer, both equally long, and one
 * queue empty from the start (which one varies). Names are unique within a scenario.
 */
export function scenarios(seed: number): Queues[] {
	const next = generator(seed);
	const make = (vipCount: number, regularCount: number): Queues => {
		const offset = next(NAMES.length);
		const name = (i: number) => NAMES[(offset + i) % NAMES.length]!;
		return {
			vip: Array.from({ length: vipCount }, (_, i) => `VIP ${name(i)}`),
			regular: Array.from({ length: regularCount }, (_, i) => name(vipCount + i)),
		};
	};
	const shorter = () => 1 + next(3); // 1–3
	const list: Queues[] = [];
	const a = shorter();
	list.push(make(a + 1 + next(3), a)); // VIP queue longer by 1–3
	const b = shorter();
	list.push(make(b, b + 1 + next(3))); // regular queue longer by 1–3
	const c = 2 + next(4);
	list.push(make(c, c)); // equal
	const d = 2 + next(4);
	list.push(next(2) === 0 ? make(0, d) : make(d, 0)); // one queue empty
	// Shuffle (Fisher–Yates) so the shapes come in a different order each seed.
	for (let i = list.length - 1; i > 0; i--) {
		const j = next(i + 1);
		[list[i], list[j]] = [list[j]!, list[i]!];
	}
	return list;
}

/** VIP, regular, VIP, regular… while both queues have people; then the rest of the longer queue. */
export function expectedOrder({ vip, regular }: Queues): string[] {
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
	/** Most checks in progress at the same moment. */
	maxInProgress: number;
	/** Checks still in progress when serveOneChecker's promise resolved. */
	inProgressAtReturn: number;
}

interface Scenario {
	queues: Queues;
	outcomes: ScheduleOutcome<Observed>[];
}

export default defineExercise({
	limits: { timeoutMs: 5000 },
	async run(ctx) {
		const { serveOneChecker } = await ctx.import('checker.ts');
		const results: Scenario[] = [];
		for (const queues of scenarios(ctx.seed)) {
			const outcomes = await ctx.explore(
				async (scheduler): Promise<Observed> => {
					// Fresh copies each time: a solution that empties the arrays must not change the next replay.
					const vip = [...queues.vip];
					const regular = [...queues.regular];
					const seen: Observed = { started: [], maxInProgress: 0, inProgressAtReturn: 0 };
					let inProgress = 0;
					// The ticket check: it starts now and finishes when the scheduler says so (like real I/O).
					const check = async (person: string): Promise<void> => {
						seen.started.push(String(person));
						inProgress++;
						seen.maxInProgress = Math.max(seen.maxInProgress, inProgress);
						await scheduler.op(`check ${person}`, () => {
							inProgress--;
						});
					};
					await serveOneChecker(vip, regular, check);
					seen.inProgressAtReturn = inProgress;
					return seen;
				},
				{ exhaustiveLimit: 120, randomOrders: 40 },
			);
			results.push({ queues, outcomes });
		}
		ctx.report('scenarios', results);
	},
	checks: [
		everyOrder('everyone-once', 'checks everyone in both queues exactly once', (seen, queues) => {
			const everyone = expectedOrder(queues);
			const twice = seen.started.find((p, i) => seen.started.indexOf(p) !== i);
			if (twice !== undefined) return `${twice} was checked twice`;
			const missing = everyone.find((p) => !seen.started.includes(p));
			if (missing !== undefined) return `${missing} was never checked`;
			const stranger = seen.started.find((p) => !everyone.includes(p));
			if (stranger !== undefined) return `checked "${stranger}", who is in neither queue`;
			return true;
		}),
		everyOrder('alternates', 'starts with the first VIP, takes the queues in turn, then the rest in queue order', (seen, queues) => {
			const want = expectedOrder(queues);
			const i = want.findIndex((p, k) => seen.started[k] !== p);
			if (i === -1) return true;
			return `check no. ${i + 1} should be ${want[i]}, but it was ${seen.started[i] ?? 'nobody'} (started in the order: ${seen.started.join(', ') || 'nobody'})`;
		}),
		everyOrder('one-at-a-time', 'one checker: never two checks in progress at once', (seen) =>
			seen.maxInProgress <= 1 || `${seen.maxInProgress} checks were in progress at the same time; one checker checks one ticket at a time`,
		),
		everyOrder('finished-on-return', 'resolves only when every check has finished', (seen) =>
			seen.inProgressAtReturn === 0 ||
			`serveOneChecker resolved while ${seen.inProgressAtReturn} check${seen.inProgressAtReturn === 1 ? ' was' : 's were'} still in progress (a check that is not awaited)`,
		),
	],
});

const describe = ({ vip, regular }: Queues) => `VIP [${vip.join(', ')}] and regular [${regular.join(', ')}]`;

/** Like checks.schedules, over every scenario of the run; the message names the queues and the order. */
function everyOrder(id: string, title: string, predicate: (seen: Observed, queues: Queues) => true | string) {
	return checks.custom(id, title, (run) => {
		const list = run.values.scenarios as Scenario[] | undefined;
		if (!Array.isArray(list) || list.length === 0) return 'your code never produced "scenarios"';
		const want = scenarios(run.seed);
		for (const [k, queues] of want.entries()) {
			const outcomes = list[k]?.outcomes;
			if (!Array.isArray(outcomes) || outcomes.length === 0) return `with the queues ${describe(queues)}, nothing was recorded`;
			for (const outcome of outcomes) {
				const order = outcome.order.join(' → ') || '(no check ever finished)';
				const where = `with the queues ${describe(queues)}${outcomes.length > 1 ? `, when checks finished in the order ${order}` : ''}`;
				if (outcome.stuck) return `${where}: serveOneChecker never resolved, though no check was left in progress: something awaits forever`;
				if (outcome.error !== undefined) return `${where}: your code threw: ${outcome.error}`;
				const verdict = predicate(outcome.value!, queues);
				if (verdict !== true) return `${where}: ${verdict}`;
			}
		}
		return true;
	});
}
