import { checks, defineExercise } from 'conc-tutor/kit';
import { digest, pictureBytes, startPictureServer, type PictureShape } from '../picture-server.ts';

import { hash } from '../../07-context-switching-and-pools/_pool-trace.js';

// The run, for a seed: 12 to 20 pictures of 20-120 kB and a limit of 2 to 4. Every picture has its own
// pace (header delay, 2-5 pieces, gaps between them), so they finish in an order unlike the URLs'. One
// picture, among the first to start after the first round, holds its body until every other picture
// has been sent in full: only a client that keeps `limit` downloads going while it waits lets it go early.
const countOf = (seed: number) => 12 + (hash(seed, 0, 0x6a09e667) % 9);
const limitOf = (seed: number) => 2 + (hash(seed, 1, 0x6a09e667) % 3);
const heldOf = (seed: number) => limitOf(seed) + (hash(seed, 2, 0x6a09e667) % 2);

/** Most ms the held picture waits for the others, and the run for any progress, at factor 1. */
const HOLD_MS = 6000;
const STALL_MS = 3000;

function shapes(seed: number, holdMs = HOLD_MS): PictureShape[] {
	const held = heldOf(seed);
	return Array.from({ length: countOf(seed) }, (_, i) => ({
		bytes: 20_000 + (hash(seed, 10 + i, 0x6a09e667) % 100_000),
		headerDelayMs: hash(seed, 40 + i, 0x6a09e667) % 30,
		chunks: 2 + (hash(seed, 70 + i, 0x6a09e667) % 4),
		chunkGapMs: 5 + (hash(seed, 100 + i, 0x6a09e667) % 21),
		stallMs: 0,
		...(i === held ? { holdForOthersMs: holdMs } : {}),
	}));
}

const expected = (seed: number) => shapes(seed).map((shape, i) => digest(pictureBytes(seed, i, shape.bytes)));

export default defineExercise({
	limits: { timeoutMs: 20_000 },
	async run(ctx) {
		const { downloadAll } = await ctx.import('download.ts');
		const scale = ctx.factor * Math.min(3, await ctx.pace());
		const stallMs = Math.round(STALL_MS * scale);
		const server = await startPictureServer(ctx.seed, shapes(ctx.seed, Math.round(HOLD_MS * scale)));
		try {
			// The first fetch() of a process loads its HTTP client (~100 ms, more on a busy machine): pay it here.
			await fetch(server.urls[0]!.replace(/\d+\.jpg$/, 'warm-up')).then((r) => r.arrayBuffer()).catch(() => {});
			let outcome: { files: unknown } | { error: string } | undefined;
			void Promise.resolve()
				.then(() => downloadAll(server.urls, limitOf(ctx.seed)))
				.then(
					(files: unknown) => (outcome = { files }),
					(error: unknown) => (outcome = { error: String((error as Error)?.message ?? error) }),
				);
			// Waits as long as the server sees progress (requests and bytes), never a fixed time.
			const progress = () => server.hits().reduce((a, b) => a + b, 0) * 1000 + server.states().filter((s) => s !== 'open').length;
			let last = -1;
			while (!outcome) {
				const now = progress();
				if (now === last) break;
				last = now;
				await ctx.waitFor(() => outcome !== undefined || progress() !== now, stallMs);
			}
			if (!outcome) ctx.report('files', `still downloading, and nothing happened for ${(stallMs / 1000).toFixed(1)} s`);
			else if ('error' in outcome) ctx.report('files', `downloadAll rejected: ${outcome.error}`);
			else if (!Array.isArray(outcome.files)) ctx.report('files', `downloadAll resolved with ${typeof outcome.files}, not an array`);
			else ctx.report('files', outcome.files.map((file: unknown) => (file instanceof Uint8Array || file instanceof ArrayBuffer ? digest(new Uint8Array(file as ArrayBuffer)) : `not bytes: ${typeof file}`)));
			ctx.report('peak', server.peak());
			ctx.report('hits', server.hits());
			ctx.report('released', server.released()[heldOf(ctx.seed)] ?? null);
		} finally {
			await server.close();
		}
	},
	checks: [
		checks.value('complete-files', 'every picture arrives whole, in the order of the URLs', 'files', (files: string[] | string, run) => {
			if (typeof files === 'string') return files;
			const want = expected(run.seed);
			if (files.length !== want.length) return `got ${files.length} files for ${want.length} URLs`;
			const wrong = files.findIndex((file, i) => file !== want[i]);
			if (wrong < 0) return true;
			const shape = shapes(run.seed)[wrong]!;
			const elsewhere = want.indexOf(files[wrong]!);
			if (elsewhere >= 0) return `file ${wrong} is the picture of URL ${elsewhere}: results must be in the order of the URLs`;
			return `file ${wrong} is not the ${shape.bytes}-byte picture the server sent (its SHA-256 differs): was the whole body read?`;
		}, { hint: 2 }),
		checks.value('never-over-limit', 'never has more than `limit` downloads in flight', 'peak', (peak: number, run) =>
			peak <= limitOf(run.seed) ||
			`the server had ${peak} downloads open at the same moment (from request to the last byte of the body); at most ${limitOf(run.seed)} may be`,
		{ hint: 1 }),
		checks.value('uses-the-limit', 'has `limit` downloads going at once', 'peak', (peak: number, run) =>
			peak >= limitOf(run.seed) || `at most ${peak} download${peak === 1 ? ' was' : 's were'} open at once: with ${countOf(run.seed)} files waiting, ${limitOf(run.seed)} should run together`,
		{ hint: 0 }),
		checks.value('keeps-limit-going', 'starts the next download as soon as one finishes', 'released', (released: boolean | null, run) => {
			if (released === true) return true;
			const held = heldOf(run.seed);
			if (released === null) return `picture ${held} was never downloaded`;
			return `picture ${held} was slow (its body waited until every other picture was done), and the other pictures did not all get done meanwhile: while one download is slow, keep the other ${limitOf(run.seed) - 1} slot${limitOf(run.seed) === 2 ? '' : 's'} busy with the next URLs, instead of waiting for a whole batch (or a fixed share of the URLs) to finish`;
		}, { hint: 0, timing: true }),
		checks.value('each-once', 'requests every picture exactly once', 'hits', (hits: number[]) => {
			const twice = hits.findIndex((n) => n !== 1);
			return twice < 0 || `picture ${twice} was requested ${hits[twice]} times`;
		}),
	],
});
