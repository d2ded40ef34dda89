import { checks, defineExercise, type RunResult } from 'conc-tutor/kit';

interface Request {
	id: string;
	user: string;
	item: string;
}
interface Outcome {
	order: string[];
	value?: { lines: string[]; outside: string };
	error?: string;
	stuck?: boolean;
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const ITEMS = ['tea', 'maps', 'rope', 'ink', 'soap', 'nails'];

/** 2 to 4 requests (by seed) with distinct ids, users and items. */
const countOf = (seed: number) => 2 + (seed % 3);
function requests(seed: number): Request[] {
	// Consecutive picks: users distinct, items distinct (the saved order number tells each request apart).
	return Array.from({ length: countOf(seed) }, (_, i) => ({
		id: `req-${((seed * 7 + i * 389) % 9000) + 1000}`,
		user: USERS[(seed + i) % USERS.length]!,
		item: ITEMS[(seed * 5 + i + 2) % ITEMS.length]!,
	}));
}
/** The ids the grader gives its own direct calls of withRequestId: not derivable from the requests. */
const directIds = (seed: number) => [0, 1, 2].map((i) => `job-${((seed * 13 + i * 577) % 9000) + 1000}`);
/** Delays (ms) of the timers the direct calls set, different each run. */
const delays = (seed: number) => [0, 1, 2].map((i) => ((seed >> i) + i * 3) % 7);
const userNo = (user: string) => USERS.indexOf(user) + 11;
const orderNo = (request: Request) => 500 + userNo(request.user) * 7 + ITEMS.indexOf(request.item);

/** What request r must log, in this order. */
const linesOf = (r: Request) => [`[${r.id}] order ${r.item} for ${r.user}`, `[${r.id}] user ${r.user} is #${userNo(r.user)}`, `[${r.id}] saved order #${orderNo(r)}`];

/** "[req-1234] user bob is #12" is request bob's line, whatever id it carries: whose line is it? */
function ownerOf(line: string, all: Request[]): Request | undefined {
	const message = line.replace(/^\[[^\]]*\] /, '');
	return all.find((r) => linesOf(r).some((own) => own.endsWith(`] ${message}`)));
}

function judgeLines(lines: string[], all: Request[]): true | string {
	const want = all.flatMap(linesOf);
	for (const line of lines) {
		if (want.includes(line)) continue;
		const owner = ownerOf(line, all);
		if (!owner) return `an unexpected log line: ${JSON.stringify(line)}`;
		const tag = /^\[([^\]]*)\]/.exec(line)?.[1];
		return `the line ${JSON.stringify(line)} is ${owner.id}'s (${owner.user}'s order), but it carries the id ${JSON.stringify(tag)}`;
	}
	if (lines.length !== want.length) return `expected ${want.length} log lines (3 per request), got ${lines.length}`;
	for (const r of all) {
		const own = lines.filter((line) => line.startsWith(`[${r.id}]`));
		if (own.join('\n') !== linesOf(r).join('\n')) return `${r.id}'s lines are out of order: ${JSON.stringify(own)}`;
	}
	return true;
}

function eachOrder(run: RunResult, judge: (value: NonNullable<Outcome['value']>, all: Request[]) => true | string) {
	const outcomes = run.values.orders as Outcome[] | undefined;
	if (!Array.isArray(outcomes) || outcomes.length === 0) return 'your code never produced "orders"';
	const all = requests(run.seed);
	for (const outcome of outcomes) {
		const order = outcome.order.join(' → ') || '(no I/O at all)';
		if (outcome.stuck) return `in the order ${order}, the requests never finished: something awaits forever`;
		if (outcome.error !== undefined) return `in the order ${order}, your code threw: ${outcome.error}`;
		const verdict = judge(outcome.value!, all);
		if (verdict !== true) return `when the I/O finished in the order ${order}: ${verdict}`;
	}
	return { status: 'pass' as const, message: `all ${outcomes.length} interleavings of the ${all.length} requests were right` };
}

export default defineExercise({
	async run(ctx) {
		const { handle } = await ctx.import('app.ts');
		const { lines } = await ctx.import('sink.ts');
		const { log } = await ctx.import('request-log.ts');
		const all = requests(ctx.seed);

		// First, one request after another, with instant I/O: nothing overlaps.
		lines.length = 0;
		const instant = { findUser: async (user: string) => userNo(user), saveOrder: async (_: number, item: string) => orderNo(all.find((r) => r.item === item)!) };
		const results: unknown[] = [];
		for (const request of all) results.push(await handle(request, instant));
		ctx.report('sequential', [...lines]);
		ctx.report('results', results);

		// withRequestId itself: the value and the rejection of fn come back unchanged.
		const { withRequestId, requestId } = await ctx.import('request-log.ts');
		const [a, b, c] = directIds(ctx.seed);
		const token = { seed: ctx.seed };
		const given = await withRequestId(a, async () => token).catch((e: unknown) => e);
		const failure = new Error(`request ${b} failed`);
		const thrown = await withRequestId(b, async () => {
			await null;
			throw failure;
		}).then(
			() => 'resolved',
			(e: unknown) => e,
		);
		ctx.report('passthrough', { value: given === token, rejected: thrown === failure ? 'same' : String(thrown) });

		// Everything fn runs: timers and callbacks it schedules, three calls at once, in a seeded order.
		const seen: Array<[string, string | undefined]> = [];
		const waits = delays(ctx.seed);
		await Promise.all(
			[a, b, c].map((id, i) =>
				withRequestId(id, () => {
					queueMicrotask(() => seen.push([`${id} microtask`, requestId()]));
					return new Promise<void>((resolve) =>
						setTimeout(() => {
							seen.push([`${id} timer`, requestId()]);
							setImmediate(() => {
								seen.push([`${id} immediate`, requestId()]);
								resolve();
							});
						}, waits[i]),
					);
				}),
			),
		);
		ctx.report('callbacks', seen);

		// A request inside a request: its own id inside, the outer one back afterwards.
		const nested: Array<[string, string | undefined]> = [];
		await withRequestId(a, async () => {
			nested.push(['outer before', requestId()]);
			await withRequestId(c, async () => {
				nested.push(['inner', requestId()]);
				await null;
				nested.push(['inner after await', requestId()]);
			});
			nested.push(['outer after', requestId()]);
		});
		nested.push(['outside', requestId()]);
		ctx.report('nested', nested);

		// Then all three at once, with every completion order of their I/O tried.
		const outcomes = await ctx.explore(async (scheduler) => {
			lines.length = 0;
			await Promise.all(
				all.map((request) =>
					handle(request, {
						findUser: (user: string) => scheduler.op(`${request.id} finds ${user}`, () => userNo(user)),
						saveOrder: () => scheduler.op(`${request.id} saves`, () => orderNo(request)),
					}),
				),
			);
			const during = [...lines];
			lines.length = 0;
			log('idle'); // no request is running now
			return { lines: during, outside: lines[0] ?? '' };
		});
		ctx.report('orders', outcomes);
	},
	checks: [
		checks.value('one-at-a-time', 'tags each line with its request when requests run one at a time', 'sequential', (got: string[], run) => {
			const verdict = judgeLines(Array.isArray(got) ? got : [], requests(run.seed));
			return verdict === true || verdict;
		}),
		checks.value('returns-result', "withRequestId returns fn's promise: its value, or its rejection", 'results', (got: unknown, run) => {
			const want = requests(run.seed).map(orderNo);
			if (JSON.stringify(got) !== JSON.stringify(want)) return `handle() resolved with ${JSON.stringify(got)}; the orders saved were ${JSON.stringify(want)}: withRequestId must resolve with what fn resolved with`;
			const p = run.values.passthrough as { value: boolean; rejected: string } | undefined;
			if (!p) return 'the direct calls of withRequestId never finished';
			if (!p.value) return 'withRequestId(id, async () => value) did not resolve with that very value';
			if (p.rejected !== 'same') return `when fn rejected, withRequestId's promise ${p.rejected === 'resolved' ? 'resolved instead of rejecting' : `rejected with something else: ${p.rejected}`}; pass the rejection on`;
			return true;
		}),
		checks.value('callbacks', 'timers and callbacks fn schedules see its id', 'callbacks', (got: Array<[string, string | undefined]>) => {
			if (!Array.isArray(got) || got.length !== 9) return `expected 9 callbacks to run (3 calls × microtask, timer, immediate), got ${Array.isArray(got) ? got.length : 0}`;
			for (const [what, id] of got) {
				const want = what.split(' ')[0];
				if (id !== want) return `the ${what.split(' ')[1]} that ${want}'s fn scheduled saw requestId() = ${JSON.stringify(id)}, not ${JSON.stringify(want)}`;
			}
			return true;
		}, { hint: 1 }),
		checks.value('nested', "a request inside a request has its own id, and the outer id comes back after it", 'nested', (got: Array<[string, string | undefined]>, run) => {
			const [a, , c] = directIds(run.seed);
			const want: Array<[string, string | undefined]> = [['outer before', a], ['inner', c], ['inner after await', c], ['outer after', a], ['outside', undefined]];
			if (!Array.isArray(got)) return 'the nested call never finished';
			for (const [i, [what, id]] of want.entries()) {
				const seen = got[i]?.[1] ?? undefined; // JSON carries undefined as null
				if (got[i]?.[0] !== what || seen !== id) return `${what}: requestId() was ${JSON.stringify(seen)}, expected ${JSON.stringify(id)}`;
			}
			return true;
		}, { hint: 1 }),
		checks.custom('ids-never-mix', 'tags each line with its own request when requests interleave, in every order', (run) => eachOrder(run, (v, all) => judgeLines(v.lines, all)), {
			hint: 0,
		}),
		checks.custom(
			'none-outside',
			'logs "[-]" outside any request once the requests are done',
			(run) =>
				eachOrder(run, (v) =>
					v.outside === '[-] idle' || `after every request had finished, log('idle') wrote ${JSON.stringify(v.outside)}: a request's id outlived the request`,
				),
			{ hint: 1 },
		),
	],
});
