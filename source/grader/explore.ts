// A deterministic scheduler for async code: every operation that goes through `scheduler.op` waits until
// the explorer chooses it, so the order in which awaited operations complete is ours, not luck's.
// The scenario is re-run from scratch for each order: depth-first over every choice while there are few,
// then seeded random orders. Python's view: the same idea as a model checker stepping threads by hand.
import type { ExploreOptions, ScheduleOutcome, Scheduler } from './spec.js';

interface Pending {
	label: string;
	run: () => void;
}

const turn = (setImmediateFn: typeof setImmediate) => new Promise<void>((resolve) => setImmediateFn(resolve));

export function seededRandom(seed: number): () => number {
	// mulberry32: small, fast, and the same sequence on every platform
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Runs the scenario once, choosing with `choose(options)` each time the scenario waits on pending operations. */
async function runOnce<T>(
	scenario: (scheduler: Scheduler) => Promise<T>,
	choose: (count: number, step: number) => number,
	setImmediateFn: typeof setImmediate,
): Promise<{ outcome: ScheduleOutcome<T>; widths: number[]; choices: number[] }> {
	const pending: Pending[] = [];
	const order: string[] = [];
	const widths: number[] = [];
	const choices: number[] = [];
	const scheduler: Scheduler = {
		op(label, effect) {
			return new Promise((resolve, reject) => {
				pending.push({
					label,
					run: () => {
						try {
							resolve(effect());
						} catch (error) {
							reject(error);
						}
					},
				});
			});
		},
	};
	let settled: { value?: T; error?: string } | undefined;
	scenario(scheduler).then(
		(value) => (settled = { value }),
		(error: unknown) => (settled = { error: error instanceof Error ? error.message : String(error) }),
	);
	let idleTurns = 0;
	for (let step = 0; step < 100_000; step++) {
		// Let every microtask and immediate run until the scenario is quiet: settled, or waiting on us.
		await turn(setImmediateFn);
		await turn(setImmediateFn);
		if (settled) break;
		if (pending.length === 0) {
			if (++idleTurns > 50) return { outcome: { order, stuck: true }, widths, choices };
			continue;
		}
		idleTurns = 0;
		const choice = pending.length === 1 ? 0 : choose(pending.length, widths.length);
		if (pending.length > 1) {
			widths.push(pending.length);
			choices.push(choice);
		}
		const [next] = pending.splice(choice, 1);
		order.push(next!.label);
		next!.run();
	}
	return { outcome: { order, ...settled }, widths, choices };
}

export async function explore<T>(
	scenario: (scheduler: Scheduler) => Promise<T>,
	seed: number,
	options: ExploreOptions = {},
	setImmediateFn: typeof setImmediate = setImmediate,
): Promise<ScheduleOutcome<T>[]> {
	const limit = options.exhaustiveLimit ?? 500;
	const outcomes: ScheduleOutcome<T>[] = [];
	// Depth-first: replay `prefix`, then always take the first option; next time bump the last choice
	// that still has untried options.
	let prefix: number[] = [];
	let exhausted = false;
	while (outcomes.length < limit) {
		const { outcome, widths, choices } = await runOnce(scenario, (count, step) => prefix[step] ?? 0, setImmediateFn);
		outcomes.push(outcome);
		let i = choices.length - 1;
		while (i >= 0 && choices[i]! + 1 >= widths[i]!) i--;
		if (i < 0) {
			exhausted = true;
			break;
		}
		prefix = [...choices.slice(0, i), choices[i]! + 1];
	}
	if (!exhausted) {
		const random = seededRandom(seed);
		for (let n = 0; n < (options.randomOrders ?? 200); n++) {
			const { outcome } = await runOnce(scenario, (count) => Math.floor(random() * count), setImmediateFn);
			outcomes.push(outcome);
		}
	}
	return outcomes;
}
