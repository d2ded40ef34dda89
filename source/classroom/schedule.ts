// Runs jobs `jobs` at a time, except exclusive ones (timing-sensitive grading), which run with nothing
// else running: a parallel neighbour would steal the cores a correct parallel solution needs.
export interface Job<T> {
	exclusive: boolean;
	run: () => Promise<T>;
}

export async function runJobs<T>(
	list: Job<T>[],
	options: { jobs: number; signal?: AbortSignal; onDone?: (index: number, value: T) => void },
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array(list.length);
	// Shared jobs first, exclusive ones after: the order of the report does not depend on this.
	const order = [...list.keys()].sort((a, b) => Number(list[a]!.exclusive) - Number(list[b]!.exclusive));
	let next = 0;
	let running = 0;
	let exclusiveRunning = false;
	return new Promise((resolve, reject) => {
		const pump = () => {
			if (options.signal?.aborted) next = order.length;
			while (next < order.length && !exclusiveRunning) {
				const index = order[next]!;
				const job = list[index]!;
				if (job.exclusive ? running > 0 : running >= Math.max(1, options.jobs)) break;
				next++;
				running++;
				exclusiveRunning = job.exclusive;
				job.run().then(
					(value) => {
						results[index] = value;
						options.onDone?.(index, value);
						running--;
						if (job.exclusive) exclusiveRunning = false;
						pump();
					},
					(error: unknown) => reject(error),
				);
			}
			if (running === 0 && next >= order.length) resolve(results);
		};
		pump();
	});
}
