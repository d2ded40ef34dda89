// Wrong: no queue and no limit. Every run() starts its own worker at once, so 12 tasks run as 12
// workers at the same time — "size" is never used. (A pool exists to put a ceiling on this.)
import { Worker } from 'node:worker_threads';

export class WorkerPool {
	private readonly workers = new Set<Worker>();

	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {}

	run<T = unknown>(task: unknown): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const worker = new Worker(this.file);
			this.workers.add(worker);
			worker.once('message', (answer: T) => {
				resolve(answer);
				this.workers.delete(worker);
				void worker.terminate();
			});
			worker.once('error', (error) => {
				this.workers.delete(worker);
				reject(error);
			});
			worker.postMessage(task);
		});
	}

	async close(): Promise<void> {
		await Promise.all([...this.workers].map((worker) => worker.terminate()));
	}
}
