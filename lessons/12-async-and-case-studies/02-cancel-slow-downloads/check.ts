import { checks, defineExercise } from 'conc-tutor/kit';
import { digest, pictureBytes, startPictureServer, type PictureShape, type RequestState } from '../picture-server.ts';

const TIMEOUT = 400;
const COUNT = 8;

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
	kind === 'late-headers' ? 'sends nothing for 5 s' : kind === 'stalls' ? 'sends its headers and a first piece, then stalls for 5 s' : 'arrives in ~60 ms';

type Outcome = { files: Array<string | null> } | { error: string } | { timeout: true };

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { downloadWithin } = await ctx.import('download-within.ts');
		const server = await startPictureServer(ctx.seed, shapes(ctx.seed));
		try {
			// The first fetch() of a process loads its HTTP client (~100 ms, more on a busy machine): pay it here.
			await fetch(server.urls[0]!.replace(/\d+\.jpg$/, 'warm-up')).then((r) => r.arrayBuffer()).catch(() => {});
			const started = Date.now();
			let outcome: Outcome;
			try {
				const result = await Promise.race([downloadWithin(server.urls, TIMEOUT), ctx.sleep(TIMEOUT + 2000).then(() => 'timeout' as const)]);
				if (result === 'timeout') outcome = { timeout: true };
				else if (!Array.isArray(result)) outcome = { error: `it resolved with ${typeof result}, not an array` };
				else outcome = { files: result.map((file: unknown) => (file === null ? null : file instanceof Uint8Array ? digest(file) : `not bytes: ${typeof file}`)) };
			} catch (error) {
				outcome = { error: `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}` };
			}
			ctx.report('ms', Date.now() - started);
			ctx.report('outcome', outcome);
			await ctx.sleep(200); // time for the server to notice connections the client closed
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
			if ('timeout' in outcome) return `downloadWithin had not resolved ${TIMEOUT + 2000} ms after it was called`;
			const list = kinds(run.seed);
			if (outcome.files.length !== list.length) return `got ${outcome.files.length} results for ${list.length} URLs`;
			for (const [i, kind] of list.entries()) {
				if (kind !== 'fast') continue;
				const want = digest(pictureBytes(run.seed, i, shapes(run.seed)[i]!.bytes));
				if (outcome.files[i] !== want) return `picture ${i} ${describeKind(kind)}, but result ${i} ${outcome.files[i] === null ? 'is null' : 'is not that picture (SHA-256 differs)'}`;
			}
			return true;
		}),
		checks.custom('falls-back', `a picture that does not arrive within ${TIMEOUT} ms gives null, on time`, (run) => {
			const outcome = run.values.outcome as Outcome | undefined;
			const ms = run.values.ms as number;
			if (!outcome) return 'your code never produced a result';
			if ('timeout' in outcome) return `downloadWithin(urls, ${TIMEOUT}) had still not resolved after ${ms} ms: some download was never timed out (look at the pictures that stall halfway)`;
			if ('error' in outcome) return `downloadWithin rejected (${outcome.error}) instead of giving null for the slow pictures`;
			for (const [i, kind] of kinds(run.seed).entries()) {
				if (kind !== 'fast' && outcome.files[i] !== null) return `picture ${i} ${describeKind(kind)}, so result ${i} must be null; it is ${JSON.stringify(outcome.files[i])}`;
			}
			if (ms > TIMEOUT + 600) return `downloadWithin(urls, ${TIMEOUT}) took ${ms} ms`;
			return true;
		}, { hint: 1, timing: true }),
		checks.value('cancelled', 'every download it gave up on was cancelled: the server saw the connection close', 'states', (states: RequestState[], run) => {
			for (const [i, kind] of kinds(run.seed).entries()) {
				if (kind === 'fast') continue;
				if (states[i] === 'open') return `picture ${i} ${describeKind(kind)}; 200 ms after downloadWithin returned, its request was still open on the server: you stopped waiting, but never cancelled it`;
				if (states[i] === 'finished') return `picture ${i} ${describeKind(kind)}, yet it was downloaded to the end`;
			}
			return true;
		}, { hint: 0 }),
		checks.noLeaks(),
	],
});
