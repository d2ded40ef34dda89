// Wrong: it keeps at most `size` tasks running, but starts a brand-new worker for every task and
// ends it afterwards. The limit holds; the pool never reuses a worker, so it pays a worker's start-up
// (tens of milliseconds, a whole V8 isolate) for every single task.
import { Worker } from 'node:worker_threads';

interface Job {
	task: unknown;
	resolve: (value: any) => void;
	reject: (error: unknown) => void;
}

export class WorkerPool {
	private readonly queue: Job[] = [];
	private readonly workers = new Set<Worker>();
	private running = 0;
	private drained?: () => void;

	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {}

	run<T = unknown>(task: unknown): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.queue.push({ task, resolve, reject });
			this.dispatch();
		});
	}

	async close(): Promise<void> {
		if (this.queue.length > 0 || this.running > 0) await new Promise<void>((resolve) => (this.drained = resolve));
		await Promise.all([...this.workers].map((worker) => worker.terminate()));
	}

	private dispatch(): void {
		while (this.running < this.size && this.queue.length > 0) {
			const job = this.queue.shift()!;
			this.running++;
			const worker = new Worker(this.file); // a new worker for each task
			this.workers.add(worker);
			const done = () => {
				this.running--;
				this.workers.delete(worker);
				this.dispatch();
			};
			worker.once('message', (answer) => {
				job.resolve(answer);
				void worker.terminate();
				done();
			});
			worker.once('error', (error) => {
				job.reject(error);
				done();
			});
			worker.postMessage(job.task);
		}
		if (this.queue.length === 0 && this.running === 0) this.drained?.();
	}
}
