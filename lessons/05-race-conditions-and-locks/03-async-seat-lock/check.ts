import { createHook } from 'node:async_hooks';
import { checks, defineExercise, type Check, type RunResult, type Scheduler } from 'conc-tutor/kit';

interface Booking {
	results: Record<string, boolean | string>;
	owners: Record<string, string>;
}

const PEOPLE = ['ann', 'bob', 'cat', 'dan', 'fay', 'gus', 'hal', 'ivy'];
const SEATS = ['12A', '3C', '7F', '1B', '22D'];

/** Who reserves what, from the seed: 2 to 4 people race for one seat while one more books another. */
function castOf(seed: number) {
	const pick = <T>(list: T[], i: number) => list[(seed >>> (3 * i)) % list.length]!;
	const first = seed % PEOPLE.length;
	const names = PEOPLE.map((_, i) => PEOPLE[(first + i) % PEOPLE.length]!);
	const contested = pick(SEATS, 1);
	const other = SEATS.find((s) => s !== contested && s === pick(SEATS, 2)) ?? SEATS.find((s) => s !== contested)!;
	const rivals = names.slice(1, 3 + ((seed >>> 7) % 3));
	const loner = names[0]!;
	// The loner books first, last or in between: where an uncontested call sits must not matter.
	const at = (seed >>> 11) % (rivals.length + 1);
	const race: Array<[string, string]> = rivals.map((who) => [who, contested]);
	race.splice(at, 0, [loner, other]);
	/**
	 * The store fails for a seat it does not have: one caller asks for it, first or second in the queue
	 * (never last: a lock left held by the last caller would stop nobody). A second caller asks for it
	 * last: the store's error is their answer too, not a "someone has it" the store never said.
	 */
	const errorAt = (seed >>> 13) % 2;
	const errors: Array<[string, string]> = names.slice(5, 7).map((who) => [who, contested]);
	errors.splice(errorAt, 0, [names[4]!, 'X9']);
	errors.push([names[7]!, 'X9']);
	/** Waiters that queue behind the first holder of a bare AsyncLock, before a newcomer arrives. */
	const waiters = 2 + ((seed >>> 17) % 3);
	return { contested, other, rivals, loner, race, errors, failing: [names[4]!, names[7]!], waiters };
}

/**
 * The store every reservation of a scenario shares (one object, like one database): every get and
 * set completes when the grader's scheduler says so.
 */
function storeFor(scheduler: Scheduler, owners: Record<string, string>) {
	const seats = new Set(SEATS);
	return {
		get: (seat: string) =>
			scheduler.op(`get ${seat}`, () => {
				if (!seats.has(seat)) throw new Error(`no such seat: ${seat}`);
				return owners[seat];
			}),
		set: (seat: string, who: string) =>
			scheduler.op(`set ${seat}=${who}`, () => {
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

/**
 * Timers and immediates the learner's code makes while `during` runs, until it calls `stop()` (a lock that
 * polls makes them while a caller waits; a release may defer its hand-over). Counted as Node makes them,
 * so the globals, node:timers and node:timers/promises all count; the grader's own pause (`pause`) does not.
 */
async function timersScheduledDuring(during: (stop: () => void, pause: (ms: number) => Promise<void>) => Promise<void>, sleep: (ms: number) => Promise<void>): Promise<number> {
	let scheduled = 0;
	let counting = true;
	let ours = false;
	// A setInterval is made once and only re-armed after: one count however often it fires.
	const hook = createHook({
		init(_id, type) {
			if (counting && !ours && (type === 'Timeout' || type === 'Immediate')) scheduled++;
		},
	}).enable();
	const pause = (ms: number) => {
		ours = true; // the grader's timer is made synchronously, inside this call
		try {
			return sleep(ms);
		} finally {
			ours = false;
		}
	};
	try {
		await during(() => (counting = false), pause);
	} finally {
		hook.disable();
	}
	return scheduled;
}

/** A schedules check whose "never finished" says what the grader saw: a lock that polls with timers. */
function blamingPolls(check: Check): Check {
	return {
		...check,
		evaluate(run: RunResult) {
			const result = check.evaluate(run);
			const polls = run.values.polls as number | undefined;
			const message = typeof result === 'string' ? result : typeof result === 'object' ? result.message : '';
			if (polls && message.includes('never finished')) {
				return `${message.replace(/: something awaits forever$/, '')}: a waiting acquire() looks again on a timer (${polls} scheduled while it waited) instead of being woken by release(), and the grader's scheduler only runs the store's calls`;
			}
			return result;
		},
	};
}

export default defineExercise({
	async run(ctx) {
		const { reserve, AsyncLock } = await ctx.import('booking.ts');
		const cast = castOf(ctx.seed);

		// 0. Does a waiting acquire() poll? A holds the lock; B waits for a while; A releases.
		let gotIt = false;
		const polls = await timersScheduledDuring(async (stop, pause) => {
			const lock = new AsyncLock();
			const release = await lock.acquire();
			const waiting = lock.acquire().then((r: () => void) => {
				gotIt = true;
				r();
			});
			await pause(20);
			stop();
			release();
			await ctx.waitFor(() => gotIt, 2000 * ctx.factor);
			await waiting;
		}, ctx.sleep);
		ctx.report('polls', polls);

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

		// 2. First come, first served: A holds the lock, the waiters queue in order; the moment A
		// releases, a newcomer asks too. Nobody may barge in ahead of those already waiting.
		ctx.report(
			'fifo',
			await ctx.explore(async (scheduler) => {
				const lock = new AsyncLock();
				const got: string[] = [];
				let inside = 0;
				let most = 0;
				let newcomer: Promise<void> | undefined;
				const task = async (name: string) => {
					const release = await lock.acquire();
					got.push(name);
					inside++;
					most = Math.max(most, inside);
					await scheduler.op(`${name} works`, () => {});
					inside--;
					release();
					if (name === 'A') newcomer = task('new'); // in the same instant as the release
				};
				const first = task('A');
				const waiters = Array.from({ length: cast.waiters }, (_, i) => task(`W${i + 1}`));
				await Promise.all([first, ...waiters]);
				await newcomer;
				return { got, most };
			}),
		);

		// 2b. A release() called twice: the second call must not release the lock its next holder has.
		ctx.report(
			'twice',
			await ctx.explore(async (scheduler) => {
				const lock = new AsyncLock();
				let inside = 0;
				let most = 0;
				const task = async (name: string, releases: number) => {
					const release = await lock.acquire();
					inside++;
					most = Math.max(most, inside);
					await scheduler.op(`${name} works`, () => {});
					inside--;
					for (let i = 0; i < releases; i++) release();
				};
				await Promise.all([task('A', 2), task('B', 1), task('C', 1)]);
				return most;
			}),
		);

		// 3. Reservations at once: 2 to 4 rivals want one seat while someone books another.
		ctx.report(
			'race',
			await ctx.explore(async (scheduler) => {
				const owners: Record<string, string> = {};
				const store = storeFor(scheduler, owners);
				const settled = await Promise.allSettled(cast.race.map(([who, seat]) => reserve(store, seat, who)));
				return { results: Object.fromEntries(cast.race.map(([who], i) => [who, outcome(settled[i]!)])), owners } satisfies Booking;
			}),
		);

		// 4. A store that fails: two people ask for a seat that does not exist, among two who want a real one.
		ctx.report(
			'errors',
			await ctx.explore(async (scheduler) => {
				const owners: Record<string, string> = {};
				const store = storeFor(scheduler, owners);
				const settled = await Promise.allSettled(cast.errors.map(([who, seat]) => reserve(store, seat, who)));
				return { results: Object.fromEntries(cast.errors.map(([who], i) => [who, outcome(settled[i]!)])), owners } satisfies Booking;
			}),
		);
	},
	checks: [
		checks.value('woken-by-release', 'a waiting acquire() is woken by release(), not by polling on a timer', 'polls', (polls: number) =>
			polls === 0 || `while one caller held the lock and another waited, the lock scheduled ${polls} timers: it polls "free yet?" instead of letting release() hand the lock over`, { hint: 2 }),
		blamingPolls(checks.schedules('lock-excludes', 'the AsyncLock has at most one holder at a time', 'lock', (most: number) =>
			most === 1 || `${most} tasks held the lock at the same time`, { hint: 2 })),
		blamingPolls(checks.schedules('first-come', 'waiters get the lock in the order they asked, and a newcomer never barges in ahead of them', 'fifo', (v: { got: string[]; most: number }, run) => {
			const want = ['A', ...Array.from({ length: castOf(run.seed).waiters }, (_, i) => `W${i + 1}`), 'new'];
			if (v.most > 1) return `${v.most} tasks held the lock at the same time (the lock went to ${v.got.join(', ')})`;
			return v.got.join(',') === want.join(',') || `the lock went to ${v.got.join(', ')}; first come, first served is ${want.join(', ')}`;
		}, { hint: 2 })),
		blamingPolls(checks.schedules('release-once', "a second call of the same release() does nothing", 'twice', (most: number) =>
			most === 1 || `A called its release() twice, and ${most} tasks then held the lock at the same time: the second call released the next holder's lock`, { hint: 2 })),
		blamingPolls(checks.schedules('one-winner', 'in every completion order, each seat goes to exactly one person', 'race', (v: Booking, run) => {
			const cast = castOf(run.seed);
			const loner = oneWinner(v, cast.other, [cast.loner]);
			return loner === true ? oneWinner(v, cast.contested, cast.rivals) : loner;
		}, { hint: 0 })),
		blamingPolls(checks.schedules('released-after-error', 'a reservation that fails still releases the lock', 'errors', (v: Booking, run) => {
			const cast = castOf(run.seed);
			for (const who of cast.failing) {
				const failed = v.results[who];
				if (typeof failed !== 'string' || !failed.includes('no such seat')) {
					const said = typeof failed === 'boolean' ? `resolved ${failed}` : String(failed);
					const why = failed === false ? ', though nobody has that seat: only the store, asked under the lock, can say whether a seat is taken' : '';
					return `${who}'s reservation of the missing seat X9 should reject with the store's error; it ${said}${why}`;
				}
			}
			return oneWinner(v, cast.contested, cast.errors.map(([who]) => who).filter((who) => !cast.failing.includes(who)));
		}, { hint: 1 })),
	],
});
