// Wrong: the queue is a stack. A free worker takes the task queued LAST (queue.pop()), not the one
// that has waited longest: the first tasks of a burst are served last, not first come, first served.
import { Worker } from 'node:worker_threads';

interface Job {
	task: unknown;
	resolve: (value: any) => void;
	reject: (error: unknown) => void;
}

/**
 * A fixed-size pool of worker threads, like Python's ThreadPoolExecutor(max_workers=size).
 * Every worker runs one task at a time: the task is one message, the answer is the next message back.
 */
export class WorkerPool {
	private readonly workers = new Set<Worker>(); // every live worker, idle or busy
	private readonly idle: Worker[] = [];
	private readonly queue: Job[] = [];
	private readonly current = new Map<Worker, Job>(); // what each busy worker is doing
	private closing = false;
	private drained?: () => void;

	constructor(
		private readonly file: URL,
		private readonly size: number,
	) {
		for (let i = 0; i < size; i++) this.startWorker();
	}

	/** Queues one task; resolves with the worker's answer, rejects if the task made its worker fail. */
	run<T = unknown>(task: unknown): Promise<T> {
		if (this.closing) return Promise.reject(new Error('the pool is closed'));
		return new Promise<T>((resolve, reject) => {
			this.queue.push({ task, resolve, reject });
			this.dispatch();
		});
	}

	/** Lets every queued and running task finish, then ends every worker; resolves when all have exited. */
	async close(): Promise<void> {
		this.closing = true;
		if (this.queue.length > 0 || this.current.size > 0) {
			await new Promise<void>((resolve) => (this.drained = resolve));
		}
		// Every worker is idle now: terminate() loses nothing. Wait until each has really exited.
		await Promise.all([...this.workers].map((worker) => worker.terminate()));
	}

	private startWorker(): void {
		const worker = new Worker(this.file);
		this.workers.add(worker);
		worker.on('message', (answer) => {
			const job = this.current.get(worker)!;
			this.current.delete(worker);
			job.resolve(answer);
			this.idle.push(worker);
			this.dispatch();
		});
		worker.on('error', (error) => {
			// The task threw and took its worker down: fail that task only, and put a fresh worker in its place.
			const job = this.current.get(worker);
			this.current.delete(worker);
			this.workers.delete(worker);
			job?.reject(error);
			if (!this.closing || this.queue.length > 0) this.startWorker();
			this.dispatch();
		});
		this.idle.push(worker);
	}

	private dispatch(): void {
		while (this.idle.length > 0 && this.queue.length > 0) {
			const worker = this.idle.shift()!;
			const job = this.queue.pop()!;
			this.current.set(worker, job);
			worker.postMessage(job.task);
		}
		if (this.queue.length === 0 && this.current.size === 0) this.drained?.();
	}
}
