import { checks, defineExercise } from 'conc-tutor/kit';
import { digest, pictureBytes, startPictureServer, type PictureShape } from '../picture-server.ts';

const COUNT = 16;
const LIMIT = 3;

/** 16 pictures of 40-120 kB; each body comes in 4 pieces, 25 ms apart. */
function shapes(seed: number): PictureShape[] {
	return Array.from({ length: COUNT }, (_, i) => ({
		bytes: 40_000 + ((Math.imul(seed + 7, 2654435761) ^ Math.imul(i + 3, 40503)) >>> 0) % 80_000,
		headerDelayMs: 10,
		chunks: 4,
		chunkGapMs: 25,
		stallMs: 0,
	}));
}

const expected = (seed: number) => shapes(seed).map((shape, i) => digest(pictureBytes(seed, i, shape.bytes)));

export default defineExercise({
	limits: { timeoutMs: 10_000 },
	async run(ctx) {
		const { downloadAll } = await ctx.import('download.ts');
		const server = await startPictureServer(ctx.seed, shapes(ctx.seed));
		try {
			// The first fetch() of a process loads its HTTP client (~100 ms, more on a busy machine): pay it here.
			await fetch(server.urls[0]!.replace(/\d+\.jpg$/, 'warm-up')).then((r) => r.arrayBuffer()).catch(() => {});
			const files = await Promise.race([downloadAll(server.urls, LIMIT), ctx.sleep(5000).then(() => 'timeout' as const)]);
			if (files === 'timeout') ctx.report('files', 'still downloading after 5 s');
			else if (!Array.isArray(files)) ctx.report('files', `downloadAll resolved with ${typeof files}, not an array`);
			else ctx.report('files', files.map((file: unknown) => (file instanceof Uint8Array || file instanceof ArrayBuffer ? digest(new Uint8Array(file as ArrayBuffer)) : `not bytes: ${typeof file}`)));
			ctx.report('peak', server.peak());
			ctx.report('hits', server.hits());
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
		checks.value('never-over-limit', `never has more than ${LIMIT} downloads in flight`, 'peak', (peak: number) =>
			peak <= LIMIT ||
			`the server had ${peak} downloads open at the same moment (from request to the last byte of the body); at most ${LIMIT} may be`,
		{ hint: 1 }),
		checks.value('uses-the-limit', `keeps ${LIMIT} downloads going while files are left`, 'peak', (peak: number) =>
			peak >= LIMIT || `at most ${peak} download${peak === 1 ? ' was' : 's were'} open at once: with ${COUNT} files waiting, ${LIMIT} should run together`,
		{ hint: 0 }),
		checks.value('each-once', 'requests every picture exactly once', 'hits', (hits: number[]) => {
			const twice = hits.findIndex((n) => n !== 1);
			return twice < 0 || `picture ${twice} was requested ${hits[twice]} times`;
		}),
	],
});
