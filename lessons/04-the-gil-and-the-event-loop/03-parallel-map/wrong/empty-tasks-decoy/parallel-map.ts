// Wrong, and gaming the measurement: it runs the pool exactly as asked, but hands the workers empty
// ranges (from = to) and works the counts out on the main thread with a quick sieve of its own. The
// dispatch looks perfect; no count comes from a worker.
import { Worker } from 'node:worker_threads';

export type Range = [from: number, to: number];

function sieveCounts(ranges: Range[]): number[] {
	const top = Math.max(...ranges.map(([, to]) => to));
	const composite = new Uint8Array(top);
	for (let n = 2; n * n < top; n++) {
		if (composite[n]) continue;
		for (let m = n * n; m < top; m += n) composite[m] = 1;
	}
	return ranges.map(([from, to]) => {
		let count = 0;
		for (let n = Math.max(2, from); n < to; n++) if (!composite[n]) count++;
		return count;
	});
}

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const counts = sieveCounts(ranges);
	let next = 0;
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
	const serve = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const giveNext = () => {
				if (next >= ranges.length) return resolve();
				const id = next++;
				worker.postMessage({ id, from: ranges[id]![0], to: ranges[id]![0] });
			};
			worker.on('message', () => giveNext());
			worker.once('error', reject);
			giveNext();
		});
	await Promise.all(workers.map(serve));
	for (const worker of workers) worker.postMessage('stop');
	await Promise.all(exits);
	return counts;
}
