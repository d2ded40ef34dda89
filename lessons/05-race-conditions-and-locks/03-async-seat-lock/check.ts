import { checks, defineExercise, type Scheduler } from 'conc-tutor/kit';

interface Booking {
	results: Record<string, boolean | string>;
	owners: Record<string, string>;
}

/**
 * The store as one caller sees it: the same seats for everyone, and every get and set completes when
 * the grader's scheduler says so. Each caller gets its own view only so the orders read "ann: get 12A".
 */
function storeFor(scheduler: Scheduler, owners: Record<string, string>, caller: string) {
	const seats = new Set(['12A', '3C']);
	return {
		get: (seat: string) =>
			scheduler.op(`${caller}: get ${seat}`, () => {
				if (!seats.has(seat)) throw new Error(`no such seat: ${seat}`);
				return owners[seat];
			}),
		set: (seat: string, who: string) =>
			scheduler.op(`${caller}: set ${seat}=${who}`, () => {
				owners[seat] = who;
			}),
	};
}

const outcome = (settled: PromiseSettledResult<boolean>) =>
	settled.status === 'fulfilled' ? settled.value : `rejected: ${settled.reason instanceof Error ? settled.reason.message : String(settled.reason)}`;

/** Exactly one of `people` was told yes, and the seat ended up theirs. */
function oneWinner(v: Booking, seat: string, people: string[]): true | string {
	const bad = people.find((who) => typeof v.results[who] !== 'boolean');
	if (bad) return `${bad}'s reservation of ${seat} ${String(v.results[bad])}`;
	const winners = people.filter((who) => v.results[who] === true);
	if (winners.length === 0) return `nobody got seat ${seat}, though it was free`;
	if (winners.length > 1) return `${winners.join(' and ')} were all told they got seat ${seat}; it ended up with ${v.owners[seat]}`;
	if (v.owners[seat] !== winners[0]) return `${winners[0]} was told they got seat ${seat}, but it ended up with ${v.owners[seat]}`;
	return true;
}

export default defineExercise({
	async run(ctx) {
		const { reserve, AsyncLock } = await ctx.import('booking.ts');

		// 1. The lock alone: three tasks, each holds it across one awaited step.
		ctx.report(
			'lock',
			await ctx.explore(async (scheduler) => {
				const lock = new AsyncLock();
				let inside = 0;
				let most = 0;
				const task = async (name: string) => {
					const release = await lock.acquire();
					inside++;
					most = Math.max(most, inside);
					await scheduler.op(`${name} works`, () => {});
					inside--;
					release();
				};
				await Promise.all([task('A'), task('B'), task('C')]);
				return most;
			}),
		);

		// 2. Four reservations at once: dan wants 3C, ann, bob and cat all want 12A.
		ctx.report(
			'race',
			await ctx.explore(async (scheduler) => {
				const owners: Record<string, string> = {};
				const people: Array<[string, string]> = [['dan', '3C'], ['ann', '12A'], ['bob', '12A'], ['cat', '12A']];
				const settled = await Promise.allSettled(people.map(([who, seat]) => reserve(storeFor(scheduler, owners, who), seat, who)));
				return { results: Object.fromEntries(people.map(([who], i) => [who, outcome(settled[i]!)])), owners } satisfies Booking;
			}),
		);

		// 3. A store that fails: eve asks for a seat that does not exist, then ann and bob want 12A.
		ctx.report(
			'errors',
			await ctx.explore(async (scheduler) => {
				const owners: Record<string, string> = {};
				const people: Array<[string, string]> = [['eve', 'X9'], ['ann', '12A'], ['bob', '12A']];
				const settled = await Promise.allSettled(people.map(([who, seat]) => reserve(storeFor(scheduler, owners, who), seat, who)));
				return { results: Object.fromEntries(people.map(([who], i) => [who, outcome(settled[i]!)])), owners } satisfies Booking;
			}),
		);
	},
	checks: [
		checks.schedules('lock-excludes', 'the AsyncLock has at most one holder at a time', 'lock', (most: number) =>
			most === 1 || `${most} tasks held the lock at the same time`, { hint: 2 }),
		checks.schedules('one-winner', 'in every completion order, each seat goes to exactly one person', 'race', (v: Booking) => {
			const dan = oneWinner(v, '3C', ['dan']);
			return dan === true ? oneWinner(v, '12A', ['ann', 'bob', 'cat']) : dan;
		}, { hint: 0 }),
		checks.schedules('released-after-error', 'a reservation that fails still releases the lock', 'errors', (v: Booking) => {
			if (typeof v.results.eve !== 'string' || !v.results.eve.includes('no such seat')) {
				return `eve's reservation of the missing seat X9 should reject with the store's error; it ${String(v.results.eve)}`;
			}
			return oneWinner(v, '12A', ['ann', 'bob']);
		}, { hint: 1 }),
	],
});
