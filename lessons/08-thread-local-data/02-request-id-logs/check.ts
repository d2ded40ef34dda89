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

/** Three requests with distinct ids, users and items, from the seed. */
function requests(seed: number): Request[] {
	const pick = (list: string[], i: number) => list[(seed + i * 2 + (i > 0 ? 1 : 0)) % list.length]!;
	return [0, 1, 2].map((i) => ({ id: `req-${(seed * 7 + i * 389) % 9000 + 1000}`, user: pick(USERS, i), item: pick(ITEMS, i + 1) }));
}
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
	return { status: 'pass' as const, message: `all ${outcomes.length} interleavings of the three requests were right` };
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
		for (const request of all) await handle(request, instant);
		ctx.report('sequential', [...lines]);

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
