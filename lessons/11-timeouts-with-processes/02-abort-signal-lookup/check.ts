import { checks, defineExercise, withinBudget } from 'conc-tutor/kit';
import { behaviourOf } from '../../_lab/fake-resolver.ts';
import { addressOf, saltOf } from '../_addresses.ts';

/**
 * The limit on an idle machine. Everything here is timers on one thread, so a busy machine only makes
 * them late: the run scales the limit, the cancel time and the allowed lateness by the machine's factor
 * and the pace it measures (up to MAX_SCALE), and stretches the slow names' delay the same way.
 */
const TIMEOUT = 250;
/** When the grader's own controller aborts the "cancelled" lookups, ms after the call. */
const CANCEL_AT = 100;
/** How late a fallback may come, and how soon a cancel must reject, idle machine. */
const LATE_MS = 300;
const CANCEL_WITHIN = 100;
const BEFORE_WITHIN = 50;
const MAX_SCALE = 4;

function budgets(run: { values: Record<string, unknown> }) {
	const b = run.values.budgets as { timeout?: number; cancelAt?: number; scale?: number } | undefined;
	const scale = b?.scale ?? 1;
	return { timeout: b?.timeout ?? TIMEOUT, cancelAt: b?.cancelAt ?? CANCEL_AT, scale };
}

const WORDS = ['atlas', 'beacon', 'comet', 'dune', 'eddy', 'falcon', 'glacier', 'heron', 'isle', 'jade', 'kestrel', 'lagoon'];

type Role = 'answers' | 'answers-no-signal' | 'too-slow' | 'too-slow-no-signal' | 'hangs' | 'cancelled' | 'cancelled-before';

/** The calls for a seed, all made at the same time. */
function calls(seed: number): Array<{ name: string; role: Role }> {
	const found = { fast: [] as string[], slow: [] as string[], hang: [] as string[] };
	for (let i = 0; found.fast.length < 2 || found.slow.length < 3 || found.hang.length < 2; i++) {
		const n = (seed * 6151 + i * 7927) % 1_000_003;
		const name = `${WORDS[n % WORDS.length]}-${n % 991}.example`;
		if (!Object.values(found).flat().includes(name)) found[behaviourOf(name).kind].push(name);
	}
	return [
		{ name: found.fast[0]!, role: 'answers-no-signal' },
		{ name: found.slow[0]!, role: 'too-slow' },
		{ name: found.slow[2]!, role: 'too-slow-no-signal' },
		{ name: found.hang[0]!, role: 'hangs' },
		{ name: found.slow[1]!, role: 'cancelled' },
		{ name: found.hang[1]!, role: 'cancelled-before' },
		{ name: found.fast[1]!, role: 'answers' },
	];
}

interface Result {
	name: string;
	role: Role;
	value?: string | null;
	/** For rejections: the error's name and message, and whether it was the caller's own abort reason. */
	error?: string;
	callersReason?: boolean;
	pending?: true;
	ms: number;
}

const show = (r: Result) =>
	r.pending ? 'had not settled' : r.error !== undefined ? `rejected with ${r.error}` : `resolved with ${JSON.stringify(r.value)}`;

export default defineExercise({
	limits: { timeoutMs: 8000 },
	async run(ctx) {
		// The resolver's addresses are salted for this run before your module loads: an address your code
		// returns is one the resolver gave it, not one worked out from the name.
		const resolver = await ctx.import('lab/fake-resolver.ts');
		resolver.saltAddresses(saltOf(ctx.seed));
		const { lookupWithin } = await ctx.import('lookup-within.ts');
		const scale = Math.min(MAX_SCALE * ctx.factor, ctx.factor * (await ctx.pace()));
		const timeout = Math.round(TIMEOUT * scale);
		const cancelAt = Math.round(CANCEL_AT * scale);
		process.env.CONC_TUTOR_LAB_PACE = String(timeout / TIMEOUT); // slow names stay slower than the limit
		ctx.report('budgets', { timeout, cancelAt, scale });
		const results = await Promise.all(
			calls(ctx.seed).map(async ({ name, role }): Promise<Result> => {
				const controller = new AbortController();
				if (role === 'cancelled-before') controller.abort();
				if (role === 'cancelled') void ctx.sleep(cancelAt).then(() => controller.abort());
				const started = Date.now();
				const settled = Promise.resolve()
					.then(() => lookupWithin(name, timeout, role.endsWith('no-signal') ? undefined : controller.signal))
					.then(
						(value: unknown): Result => ({ name, role, value: value as string | null, ms: Date.now() - started }),
						(error: { name?: string; message?: string } | undefined): Result => ({
							name,
							role,
							error: `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`,
							callersReason: error === controller.signal.reason,
							ms: Date.now() - started,
						}),
					);
				const late = ctx.sleep(timeout + 1000 * scale).then((): Result => ({ name, role, pending: true, ms: Date.now() - started }));
				return Promise.race([settled, late]);
			}),
		);
		ctx.report('results', results);
		ctx.report('pending', resolver.pendingLookups());
	},
	checks: [
		checks.value('right-answers', 'a lookup that answers in time gives its address', 'results', (results: Result[], run) => {
			for (const r of results.filter((r) => r.role === 'answers' || r.role === 'answers-no-signal')) {
				const address = addressOf(r.name, saltOf(run.seed));
				if (r.value !== address) return `lookupWithin("${r.name}", ${budgets(run).timeout}) answers in under 80 ms with ${address}, but it ${show(r)}`;
			}
			return true;
		}),
		checks.value('falls-back', `a lookup slower than its limit (${TIMEOUT} ms; more on a busy machine) gives null, right at the limit`, 'results', (results: Result[], run) => {
			const { timeout, scale } = budgets(run);
			for (const r of results.filter((r) => r.role === 'too-slow' || r.role === 'too-slow-no-signal' || r.role === 'hangs')) {
				const what = r.role === 'hangs' ? 'never answers' : `answers after 1.5 × the limit${r.role === 'too-slow-no-signal' ? ' (called without a signal)' : ''}`;
				if (r.value !== null || r.pending) return `lookupWithin("${r.name}", ${timeout}) ${what}, so it must give null at ${timeout} ms; it ${show(r)}`;
				const verdict = withinBudget(run, r.ms, timeout + LATE_MS * scale, `lookupWithin("${r.name}", ${timeout}) gave null, but only after ${r.ms} ms`, { floorMs: timeout });
				if (verdict !== true) return verdict;
			}
			return true;
		}, { hint: 0, timing: true }),
		checks.value('caller-cancels', 'when the caller aborts, the promise rejects with the caller\'s reason, at once', 'results', (results: Result[], run) => {
			const { cancelAt, scale } = budgets(run);
			for (const r of results.filter((r) => r.role === 'cancelled' || r.role === 'cancelled-before')) {
				const when = r.role === 'cancelled' ? `the caller aborted after ${cancelAt} ms` : 'the caller\'s signal was already aborted';
				if (r.error === undefined) return `lookupWithin("${r.name}"): ${when}, so it must reject with signal.reason; it ${show(r)}`;
				if (!r.callersReason) return `lookupWithin("${r.name}"): ${when}; it rejected, but with ${r.error} instead of the signal's own reason`;
				const limit = Math.round(r.role === 'cancelled' ? cancelAt + CANCEL_WITHIN * scale : BEFORE_WITHIN * scale);
				const verdict = withinBudget(run, r.ms, limit, `lookupWithin("${r.name}"): ${when}, but it rejected only ${r.ms} ms after the call`, {
					floorMs: r.role === 'cancelled' ? cancelAt : 0,
				});
				if (verdict !== true) return verdict;
			}
			return true;
		}, { hint: 2, timing: true }),
		checks.value('stops-the-lookup', 'every lookup it gave up on was aborted, not left running', 'pending', (pending: number) =>
			pending === 0 ||
			`when every call had settled, the resolver was still working on ${pending} lookup${pending === 1 ? '' : 's'} that nobody waits for: pass an AbortSignal to lookupAsync and abort it when you give up`,
		{ hint: 1 }),
	],
});
