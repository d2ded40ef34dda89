import { checks, defineExercise, withinBudget } from 'conc-tutor/kit';
import { digest, pictureBytes, startPictureServer, type PictureShape, type RequestState } from '../picture-server.ts';

import { hash } from '../../07-context-switching-and-pools/_pool-trace.js';

/**
 * The time limit given to downloadWithin on an idle machine. Fast pictures arrive in well under 100 ms;
 * slow ones never finish (the server holds them until the client closes the connection), so the run may
 * stretch the limit (by the machine's factor and the pace it measures, and by how long a warm-up fetch
 * took) without changing which pictures are slow.
 */
const TIMEOUT = 400;
const MAX_TIMEOUT = 2500;
/** How late downloadWithin may resolve after its limit, idle machine; scaled the same way. */
const LATE_MS = 600;
/** "Never" for the server's timers (below setTimeout's 2^31 ms ceiling); they are cleared when it closes. */
const NEVER = 2_000_000_000;

function budgets(run: { values: Record<string, unknown> }): { timeout: number; late: number } {
	const b = run.values.budgets as { timeout?: number; late?: number } | undefined;
	return { timeout: b?.timeout ?? TIMEOUT, late: b?.late ?? LATE_MS };
}

type Kind = 'fast' | 'late-headers' | 'stalls';

/** 2-5 fast pictures, 1-3 whose headers never come, 1-3 that stall after their first piece; seeded order. */
function kinds(seed: number): Kind[] {
	const count = (kind: Kind, salt: number, min: number, max: number): Kind[] => Array(min + (hash(seed, salt, 0x510e527f) % (max - min + 1))).fill(kind);
	const list = [...count('fast', 0, 2, 5), ...count('late-headers', 1, 1, 3), ...count('stalls', 2, 1, 3)];
	for (let i = list.length - 1; i > 0; i--) {
		const j = hash(seed, 10 + i, 0x510e527f) % (i + 1);
		[list[i], list[j]] = [list[j]!, list[i]!];
	}
	return list;
}

function shapes(seed: number): PictureShape[] {
	return kinds(seed).map((kind, i) => ({
		bytes: 30_000 + (hash(seed, 40 + i, 0x510e527f) % 50_000),
		headerDelayMs: kind === 'late-headers' ? NEVER : hash(seed, 60 + i, 0x510e527f) % 15,
		chunks: 2 + (hash(seed, 80 + i, 0x510e527f) % 3),
		chunkGapMs: 5 + (hash(seed, 100 + i, 0x510e527f) % 16),
		stallMs: kind === 'stalls' ? NEVER : 0,
	}));
}

const describeKind = (kind: Kind) =>
	kind === 'late-headers'
		? 'never sends its headers (the server holds it until the client closes the connection)'
		: kind === 'stalls'
			? 'sends its headers and a first piece, then stalls until the client closes the connection'
			: 'arrives in well under 100 ms';

type Outcome = { files: Array<string | null> } | { error: string } | { timeout: true };

export default defineExercise({
	// Room for a wrong solution that never resolves: the run gives up on it past the limit and the lateness allowed.
	limits: { timeoutMs: 20_000 },
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
			// Lateness is scheduling (the pace) and, when the limit grew with a slow round trip, half that limit:
			// never so much that waiting out the limit twice (downloads one after another) fits.
			// Every wait of the run is capped by the factor alone, so that together they stay well inside the
			// run's own limit: a solution that never resolves fails here, on 'falls-back', not on 'runs'.
			const late = Math.round(Math.min(4000 * ctx.factor, Math.max(LATE_MS * scale, timeout / 2)));
			ctx.report('budgets', { timeout, late, warmUpMs: roundStart - warmStart, roundTripMs: roundTrip });
			const started = Date.now();
			// When the code has a picture's whole body in hand (its arrayBuffer(), bytes(), blob() or text()
			// resolved): a picture read in full and then answered with null was thrown away by the code, however
			// busy the machine was.
			const readAt = new Map<string, number>();
			const proto = Response.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
			const originals = new Map<string, (...args: unknown[]) => Promise<unknown>>();
			// The order of events in the code, not their times (which a busy machine stretches): each fetch()
			// call, and each download given up on (a fetch or a body read that rejected).
			let step = 0;
			const calls: Array<{ url: string; step: number }> = [];
			const givenUp: number[] = [];
			for (const name of ['arrayBuffer', 'bytes', 'blob', 'text']) {
				const original = proto[name];
				if (typeof original !== 'function') continue;
				originals.set(name, original);
				proto[name] = async function (this: Response, ...args: unknown[]) {
					let value: unknown;
					try {
						value = await original.apply(this, args);
					} catch (error) {
						givenUp.push(step++);
						throw error;
					}
					if (!readAt.has(this.url)) readAt.set(this.url, Date.now() - started);
					return value;
				};
			}
			const realFetch = globalThis.fetch;
			globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
				calls.push({ url: input instanceof Request ? input.url : String(input), step: step++ });
				const response = realFetch(input, init);
				response.catch(() => givenUp.push(step++));
				return response;
			};
			let outcome: Outcome;
			try {
				// Gives up (a wrong solution that never times out) without a timer left pending afterwards.
				let done = false;
				const call = Promise.resolve().then(() => downloadWithin(server.urls, timeout)).finally(() => (done = true));
				const result = await Promise.race([call, ctx.waitFor(() => done, timeout + late + Math.min(1000 * ctx.factor, 500 * scale)).then(() => 'timeout' as const)]);
				if (result === 'timeout') outcome = { timeout: true };
				else if (!Array.isArray(result)) outcome = { error: `it resolved with ${typeof result}, not an array` };
				else outcome = { files: result.map((file: unknown) => (file === null ? null : file instanceof Uint8Array ? digest(file) : `not bytes: ${typeof file}`)) };
			} catch (error) {
				outcome = { error: `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}` };
			}
			ctx.report('ms', Date.now() - started);
			for (const [name, original] of originals) proto[name] = original;
			globalThis.fetch = realFetch;
			const firstGivenUp = Math.min(...givenUp);
			ctx.report('startedLate', calls.filter((call) => call.step > firstGivenUp).map((call) => server.urls.indexOf(call.url)));
			ctx.report('readMs', server.urls.map((url) => readAt.get(url) ?? null));
			ctx.report('peak', server.peak());
			ctx.report('outcome', outcome);
			ctx.report('closedMs', server.closedAt().map((t) => (t === undefined ? null : t - started)));
			// Wait for the server to notice the connections the client closed: every request that was not
			// fast must leave 'open'; a request never cancelled stays open for ever (the wait only bounds that).
			const slow = kinds(ctx.seed).map((kind, i) => (kind === 'fast' ? -1 : i)).filter((i) => i >= 0);
			await ctx.waitFor(() => slow.every((i) => server.states()[i] !== 'open'), Math.round(Math.min(3000 * ctx.factor, Math.max(1000 * scale, timeout))));
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
					const read = (run.values.readMs as Array<number | null> | undefined)?.[i];
					if (read !== null && read !== undefined) {
						return `picture ${i} ${describeKind(kind)}: your code had read all of it ${read} ms after the call, yet result ${i} is null: a picture that arrived in time is kept, whatever the other downloads do`;
					}
					// Null is right for a picture that really was not there in time. It is the code's fault when the
					// server had sent it in full within half the limit.
					const sent = (run.values.closedMs as Array<number | null> | undefined)?.[i];
					const { timeout } = budgets(run);
					const states = run.values.states as RequestState[] | undefined;
					if (sent !== null && sent !== undefined && states?.[i] === 'finished' && sent <= timeout / 2) {
						return `picture ${i} ${describeKind(kind)}: the server had sent all of it ${sent} ms after the call, well within the limit (${timeout} ms), but result ${i} is null`;
					}
					if (sent !== null && sent !== undefined && states?.[i] === 'aborted' && sent < timeout * 0.9) {
						return `picture ${i} ${describeKind(kind)}, but its request was cancelled ${sent} ms after the call, before the limit of ${timeout} ms: each download gets the whole limit`;
					}
				}
				if (outcome.files[i] !== null && outcome.files[i] !== want) return `picture ${i} ${describeKind(kind)}, but result ${i} is not that picture (SHA-256 differs)`;
			}
			// The check means something only if some fast picture was there in time: on a machine too busy for
			// even that, it is the machine's doing.
			const closed = (run.values.closedMs as Array<number | null> | undefined) ?? [];
			const firstFast = Math.min(...list.map((kind, i) => (kind === 'fast' && closed[i] !== null && closed[i] !== undefined ? closed[i]! : Infinity)));
			const got = list.filter((kind, i) => kind === 'fast' && outcome.files[i] !== null).length;
			return got > 0 || withinBudget(run, firstFast, budgets(run).timeout / 2, 'no fast picture came back, although the server sent them');
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
			// The limit counts from the call for every picture: the ones that never arrive are all waited for
			// at once. Seen by the server, whatever the machine's speed (one after another, a busy machine's
			// slack could hide the second wait).
			const startedLate = (run.values.startedLate as number[] | undefined) ?? [];
			if (startedLate.length > 0) {
				return `the download of picture ${startedLate[0]} started only after another download had been given up on: its limit did not run from the call (downloads one after another wait out one limit after another)`;
			}
			const slow = kinds(run.seed).filter((kind) => kind !== 'fast').length;
			const peak = run.values.peak as number;
			if (peak < slow) {
				return `at most ${peak} request${peak === 1 ? ' was' : 's were'} open at once, but ${slow} pictures never arrive: their limits did not all run from the call (downloads one after another wait out one limit after another)`;
			}
			return withinBudget(run, ms, timeout + late, `downloadWithin(urls, ${timeout}) took ${ms} ms`, { floorMs: timeout });
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
