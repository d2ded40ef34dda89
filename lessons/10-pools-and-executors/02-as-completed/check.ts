import { checks, countTurns, defineExercise } from 'conc-tutor/kit';
import { hash } from '../../07-context-switching-and-pools/_pool-trace.js';

// The run, for a seed: 6 to 11 promises in "groups". Group 0 has settled before asCompleted is called;
// every later group settles in one timer callback (its promises one after another, in the same tick),
// 40-90 ms after the group before. Two promises reject. The caller sometimes pauses before asking for
// the next item, so that outcomes pile up while nobody is waiting for them.

interface PlannedPromise {
	group: number;
	/** Position in the order the promises settle (group by group; inside a group, a seeded shuffle). */
	order: number;
	fail: boolean;
	value: number;
}

interface Plan {
	promises: PlannedPromise[];
	/** ms after the start at which each group settles (group 0: before the call). */
	groupAt: number[];
	/** ms the caller pauses before asking for item k (0: asks at once); only after the lone rejection, so
	 * that the caller is waiting when it settles (and a generator, which attaches its listeners when first
	 * asked, is asked before anything settles). */
	pauses: number[];
}

function plan(seed: number): Plan {
	const h = (i: number, salt: number) => hash(seed, i, salt);
	const groups: number[] = [1 + (h(0, 11) % 2)]; // sizes; group 0 is already settled
	const timed = 3 + (h(1, 11) % 3);
	for (let g = 0; g < timed; g++) groups.push(1 + (h(2 + g, 11) % 3));
	// One rejection settles alone in its tick (never the last), while the caller waits: the fulfilment
	// that settles next must not come out before it. And at least one group settles several in one tick.
	const lone = 1 + (h(8, 11) % (timed - 1));
	groups[lone] = 1;
	const several = lone === timed - 1 ? timed : 1 + ((lone + (h(9, 11) % (timed - 1))) % timed);
	groups[several === lone ? timed : several] = 2 + (h(10, 11) % 2);
	const count = groups.reduce((a, b) => a + b, 0);
	// Which position in the input each settling slot belongs to: a seeded shuffle of the indices.
	const slots = Array.from({ length: count }, (_, i) => i);
	for (let i = count - 1; i > 0; i--) {
		const j = h(20 + i, 13) % (i + 1);
		[slots[i], slots[j]] = [slots[j]!, slots[i]!];
	}
	const promises = new Array<PlannedPromise>(count);
	let order = 0;
	groups.forEach((size, group) => {
		// Group 0 settles before the call, in index order (the order listeners see it in); later groups in shuffled order.
		const members = slots.slice(order, order + size);
		if (group === 0) members.sort((a, b) => a - b);
		for (const index of members) promises[index] = { group, order: order++, fail: false, value: 100 + (h(40 + index, 17) % 900) };
	});
	const loneIndex = promises.findIndex((p) => p.group === lone);
	const failing = new Set<number>([loneIndex]);
	for (let k = 0; failing.size < 2; k++) {
		const index = h(60 + k, 19) % count;
		if (promises[index]!.group !== lone + 1) failing.add(index);
	}
	for (const index of failing) promises[index]!.fail = true;
	const groupAt = [0];
	for (let g = 1; g <= timed; g++) groupAt.push(groupAt[g - 1]! + 40 + (h(80 + g, 23) % 51));
	const loneOrder = promises[loneIndex]!.order;
	const pauses = Array.from({ length: count }, (_, k) => (k > loneOrder + 1 && h(100 + k, 29) % 3 === 0 ? 30 + (h(120 + k, 29) % 70) : 0));
	return { promises, groupAt, pauses };
}

interface Seen {
	index?: number;
	status?: string;
	value?: unknown;
	reason?: string;
	/** Groups settled when the caller asked for this item, and when it got it. */
	asked?: number;
	got?: number;
	/** Event-loop turns the item came after the later of its promise settling and the caller asking. */
	turnsLate?: number;
	timeout?: true;
	threw?: string;
}

const outcomeOf = (index: number, p: PlannedPromise) =>
	p.fail ? { index, status: 'rejected', reason: `task ${index} failed` } : { index, status: 'fulfilled', value: p.value };

/** Most ms the caller waits for an item once every promise has settled, at factor 1. */
const GRACE_MS = 500;

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { asCompleted } = await ctx.import('as-completed.ts');
		const { promises: planned, groupAt, pauses } = plan(ctx.seed);
		const turns = countTurns();
		const settledTurn: number[] = [];
		const graceMs = Math.round(GRACE_MS * ctx.factor * Math.min(3, await ctx.pace()));
		const settlers: Array<() => void> = [];
		const promises = planned.map(
			(p, index) =>
				new Promise((resolve, reject) => {
					settlers[index] = () => (p.fail ? reject(new Error(`task ${index} failed`)) : resolve(p.value));
				}),
		);
		for (const promise of promises) promise.catch(() => {}); // a rejection nobody handled must not end the run
		const byOrder = planned.map((p, index) => ({ p, index })).sort((a, b) => a.p.order - b.p.order);
		let groups = 0;
		let allSettledAt: number | undefined;
		const settleGroup = (g: number) => {
			for (const { p, index } of byOrder) if (p.group === g) settlers[index]!();
			groups = g + 1;
			settledTurn[g] = turns.now();
			if (groups === groupAt.length) allSettledAt = performance.now();
		};
		settleGroup(0);
		for (let g = 1; g < groupAt.length; g++) void ctx.sleep(groupAt[g]!).then(() => settleGroup(g));

		const seen: Seen[] = [];
		try {
			const iterator = asCompleted(promises)[Symbol.asyncIterator]();
			while (seen.length < planned.length + 2) {
				if (pauses[seen.length]) await ctx.sleep(pauses[seen.length]!);
				const asked = groups;
				const askedAt = performance.now();
				const askedTurn = turns.now();
				// Gives up on the next item only once every promise has settled and it still has not come.
				let waiting = true;
				const hang = (async () => {
					await ctx.waitFor(() => !waiting || (allSettledAt !== undefined && performance.now() - Math.max(askedAt, allSettledAt) >= graceMs), 60_000);
					return 'timeout' as const;
				})();
				const step = await Promise.race([iterator.next(), hang]);
				waiting = false;
				if (step === 'timeout') {
					seen.push({ timeout: true });
					break;
				}
				if (step.done) break;
				const item = step.value ?? {};
				const settled = settledTurn[planned[item.index]?.group ?? -1];
				seen.push({
					index: item.index,
					status: item.status,
					...(item.status === 'fulfilled' ? { value: item.value } : { reason: String(item.reason?.message ?? item.reason) }),
					asked,
					got: groups,
					...(settled === undefined ? {} : { turnsLate: turns.now() - Math.max(askedTurn, settled) }),
				});
			}
			await Promise.race([Promise.resolve(iterator.return?.()).catch(() => {}), ctx.sleep(graceMs)]);
		} catch (error) {
			seen.push({ threw: String((error as Error)?.message ?? error) });
		} finally {
			turns.stop();
		}
		ctx.report('seen', seen);
		ctx.report('graceMs', graceMs);
	},
	checks: [
		checks.value('completion-order', 'yields every outcome once, in the order the promises settled', 'seen', (seen: Seen[], run) => {
			const planned = plan(run.seed).promises;
			const want = planned.map((p, index) => ({ p, index })).sort((a, b) => a.p.order - b.p.order);
			const order = `the promises settled in the order ${want.map((w) => `${w.index}${w.p.fail ? ' (rejected)' : ''}`).join(', ')}`;
			const given = new Set<number>();
			for (const [k, item] of seen.entries()) {
				if (item.threw !== undefined) {
					const note = /^task \d+ failed$/.test(item.threw) ? " (a rejected promise must come out as { status: 'rejected' }, not as an exception)" : '';
					return `iterating threw after ${k} items: ${item.threw}${note}`;
				}
				if (item.timeout) {
					const grace = ((run.values.graceMs as number | undefined) ?? GRACE_MS) / 1000;
					return `after ${k} items, the next one never came (every promise had settled ${grace.toFixed(1)} s before); ${order}`;
				}
				const w = want[k];
				if (!w) return `yielded more than ${want.length} items (the ${k + 1}th was index ${item.index}): each promise must come out exactly once`;
				const index = item.index as number;
				const p = planned[index];
				if (!Number.isInteger(index) || !p || given.has(index)) {
					return `item ${k + 1} had index ${JSON.stringify(item.index)}${given.has(index) ? ', which had already come out' : ''}; each promise must come out exactly once, with its position in the array`;
				}
				// Outcomes that were all waiting when the caller asked (or settled in the same tick) may come out
				// in any order among themselves; otherwise an item must not overtake one that settled before it.
				const skipped = want.find((o) => !given.has(o.index) && o.p.group < p.group && !(p.group < (item.asked ?? 0)));
				if (skipped) return `item ${k + 1} was index ${index}, but index ${skipped.index} had settled before it and had not come out yet; ${order}`;
				given.add(index);
				const got = { index, status: item.status, ...(item.status === 'fulfilled' ? { value: item.value } : { reason: item.reason }) };
				const right = outcomeOf(index, p);
				if (JSON.stringify(got) !== JSON.stringify(right)) return `item ${k + 1} was ${JSON.stringify(got)}, expected ${JSON.stringify(right)}`;
			}
			if (seen.length < want.length) return `yielded only ${seen.length} of ${want.length} items, then the generator ended; ${order}`;
			return true;
		}, { hint: 0 }),
		checks.value('as-soon-as-ready', 'hands each outcome over as soon as its promise settles', 'seen', (seen: Seen[], run) => {
			const planned = plan(run.seed).promises;
			for (const [k, item] of seen.entries()) {
				if (item.got === undefined || item.asked === undefined) continue;
				const group = planned[item.index as number]?.group;
				if (group === undefined) continue;
				// It may wait for its own promise's group, or come at once if that had settled when asked.
				const allowed = Math.max(item.asked, group + 1);
				if (item.got > allowed) {
					return `item ${k + 1} (index ${item.index}) reached the caller only after ${item.got - allowed} more group${item.got - allowed === 1 ? '' : 's'} of promises had settled: it was held back (each item must come out as soon as its own promise has settled and the caller asks)`;
				}
				if (item.turnsLate !== undefined && item.turnsLate > 0) {
					return `item ${k + 1} (index ${item.index}) reached the caller ${item.turnsLate} turn${item.turnsLate === 1 ? '' : 's'} of the event loop after its promise had settled and the caller had asked (a timer or another callback ran in between): it waited for a later look instead of being handed over from the promise's own callback`;
				}
			}
			return seen.some((item) => item.got !== undefined) || 'nothing was yielded';
		}, { hint: 1 }),
	],
});
