import { checks, defineExercise, withinBudget } from 'conc-tutor/kit';
import { digest, pictureBytes, startPictureServer, type PictureShape, type RequestState } from '../picture-server.ts';

/**
 * The time limit given to downloadWithin on an idle machine. Fast pictures arrive in ~60 ms, slow ones
 * take 5 s, so the run may stretch the limit (by the machine's factor and the pace it measures, and by how
 * long a warm-up fetch took) up to MAX_TIMEOUT without changing which pictures are slow.
 */
const TIMEOUT = 400;
const MAX_TIMEOUT = 2500;
/** How late downloadWithin may resolve after its limit, idle machine; scaled the same way. */
const LATE_MS = 600;
const COUNT = 8;

function budgets(run: { values: Record<string, unknown> }): { timeout: number; late: number } {
	const b = run.values.budgets as { timeout?: number; late?: number } | undefined;
	return { timeout: b?.timeout ?? TIMEOUT, late: b?.late ?? LATE_MS };
}

type Kind = 'fast' | 'late-headers' | 'stalls';

/** Four fast pictures, two whose headers come after 5 s, two that stall after their first piece; seeded order. */
function kinds(seed: number): Kind[] {
	const list: Kind[] = ['fast', 'fast', 'fast', 'fast', 'late-headers', 'late-headers', 'stalls', 'stalls'];
	let state = (seed * 2654435761) >>> 0 || 1;
	for (let i = list.length - 1; i > 0; i--) {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0;
		const j = state % (i + 1);
		[list[i], list[j]] = [list[j]!, list[i]!];
	}
	return list;
}

function shapes(seed: number): PictureShape[] {
	return kinds(seed).map((kind, i) => ({
		bytes: 30_000 + ((Math.imul(seed + 11, 2246822519) ^ Math.imul(i + 5, 3266489917)) >>> 0) % 50_000,
		headerDelayMs: kind === 'late-headers' ? 5000 : 10,
		chunks: 3,
		chunkGapMs: 20,
		stallMs: kind === 'stalls' ? 5000 : 0,
	}));
}

const describeKind = (kind: Kind) =>
	kind === 'late-headers'
		? 'sends nothing for 5 s (or 4× the limit, if longer)'
		: kind === 'stalls'
			? 'sends its headers and a first piece, then stalls for 5 s (or 4× the limit, if longer)'
			: 'arrives in ~60 ms';

type Outcome = { files: Array<string | null> } | { error: string } | { timeout: true };

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { downloadWithin } = await ctx.import('download-within.ts');
		const pictures = shapes(ctx.seed);
		const server = await startPictureServer(ctx.seed, pictures);
		try {
			// The first fetch() of a process loads its HTTP client (~100 ms, more on a busy machine): pay it here.
			const warmStart = Date.now();
			await fetch(server.urls[0]!.replace(/\d+\.jpg$/, 'warm-up')).then((r) => r.arrayBuffer()).catch(() => {});
			// A second, warm request costs what one picture's round trip costs on this machine right now.
			const roundStart = Date.now();
			await fetch(server.urls[0]!.replace(/\d+\.jpg$/, 'warm-up')).then((r) => r.arrayBuffer()).catch(() => {});
			const roundTrip = Date.now() - roundStart;
			const scale = ctx.factor * (await ctx.pace());
			const timeout = Math.round(Math.min(MAX_TIMEOUT * ctx.factor, Math.max(TIMEOUT * scale, TIMEOUT + 4 * roundTrip)));
			const late = Math.round(LATE_MS * Math.max(scale, timeout / TIMEOUT));
			// Slow stays slow whatever the limit grew to: at least 5 s, and 4× the limit (the server reads the
			// shapes when a request arrives, and none of the eight has been asked for yet).
			const slowMs = Math.max(5000, 4 * timeout);
			for (const picture of pictures) {
				if (picture.headerDelayMs > 10) picture.headerDelayMs = slowMs;
				if (picture.stallMs > 0) picture.stallMs = slowMs;
			}
			ctx.report('budgets', { timeout, late, warmUpMs: roundStart - warmStart, roundTripMs: roundTrip });
			const started = Date.now();
			let outcome: Outcome;
			try {
				const result = await Promise.race([downloadWithin(server.urls, timeout), ctx.sleep(timeout + 2000 * scale).then(() => 'timeout' as const)]);
				if (result === 'timeout') outcome = { timeout: true };
				else if (!Array.isArray(result)) outcome = { error: `it resolved with ${typeof result}, not an array` };
				else outcome = { files: result.map((file: unknown) => (file === null ? null : file instanceof Uint8Array ? digest(file) : `not bytes: ${typeof file}`)) };
			} catch (error) {
				outcome = { error: `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}` };
			}
			ctx.report('ms', Date.now() - started);
			ctx.report('outcome', outcome);
			// Wait for the server to notice the connections the client closed (not a fixed 200 ms): every
			// request that was not fast must leave 'open'; a request never cancelled stays open to the end.
			const slow = kinds(ctx.seed).map((kind, i) => (kind === 'fast' ? -1 : i)).filter((i) => i >= 0);
			await ctx.waitFor(() => slow.every((i) => server.states()[i] !== 'open'), Math.round(200 * Math.max(scale, timeout / TIMEOUT)) + 300);
			ctx.report('states', server.states());
		} finally {
			await server.close();
		}
	},
	checks: [
		checks.value('fast-complete', 'every picture that arrives in time is complete', 'outcome', (outcome: Outcome, run) => {
			if ('error' in outcome) {
				const lost = /^(TimeoutError|AbortError)/.test(outcome.error) ? ': one time-out rejected the whole batch, and the pictures that did arrive were lost with it' : '';
				return `downloadWithin rejected (${outcome.error})${lost}`;
			}
			if ('timeout' in outcome) return `downloadWithin had not resolved ${run.values.ms} ms after it was called`;
			const list = kinds(run.seed);
			if (outcome.files.length !== list.length) return `got ${outcome.files.length} results for ${list.length} URLs`;
			for (const [i, kind] of list.entries()) {
				if (kind !== 'fast') continue;
				const want = digest(pictureBytes(run.seed, i, shapes(run.seed)[i]!.bytes));
				if (outcome.files[i] === null) {
					// Null for a fast picture: it did not arrive within the limit. The machine may take the blame only
					// if downloadWithin waited out its limit and the machine, busy with others, kept the run waiting
					// for a core at least half the limit.
					const message = `picture ${i} ${describeKind(kind)}, but result ${i} is null`;
					const { timeout } = budgets(run);
					if (Number(run.values.ms) < timeout) return message;
					return withinBudget(run, timeout * 1.5, timeout, message);
				}
				if (outcome.files[i] !== want) return `picture ${i} ${describeKind(kind)}, but result ${i} is not that picture (SHA-256 differs)`;
			}
			return true;
		}, { timing: true }),
		checks.custom('falls-back', `a picture that does not arrive within the limit (${TIMEOUT} ms; longer on a busy machine) gives null, on time`, (run) => {
			const outcome = run.values.outcome as Outcome | undefined;
			const ms = run.values.ms as number;
			if (!outcome) return 'your code never produced a result';
			const { timeout, late } = budgets(run);
			if ('timeout' in outcome) return `downloadWithin(urls, ${timeout}) had still not resolved after ${ms} ms: some download was never timed out (look at the pictures that stall halfway)`;
			if ('error' in outcome) return `downloadWithin rejected (${outcome.error}) instead of giving null for the slow pictures`;
			for (const [i, kind] of kinds(run.seed).entries()) {
				if (kind !== 'fast' && outcome.files[i] !== null) return `picture ${i} ${describeKind(kind)}, so result ${i} must be null; it is ${JSON.stringify(outcome.files[i])}`;
			}
			return withinBudget(run, ms, timeout + late, `downloadWithin(urls, ${timeout}) took ${ms} ms`);
		}, { hint: 1, timing: true }),
		checks.value('cancelled', 'every download it gave up on was cancelled: the server saw the connection close', 'states', (states: RequestState[], run) => {
			for (const [i, kind] of kinds(run.seed).entries()) {
				if (kind === 'fast') continue;
				if (states[i] === 'open') return `picture ${i} ${describeKind(kind)}; well after downloadWithin returned, its request was still open on the server: you stopped waiting, but never cancelled it`;
				if (states[i] === 'finished') return `picture ${i} ${describeKind(kind)}, yet it was downloaded to the end`;
			}
			return true;
		}, { hint: 0 }),
		checks.noLeaks(),
	],
});
