// WRONG (games the signals): never shares anything. In the main thread it wraps Worker.postMessage and
// tallies every { type: 'task', value } it sees going out, and everyone() reports that tally. It only
// agrees with tally.ts because tally.ts happens to send each value as a message; records made any other
// way (values a worker computes itself) are invisible to it.
import { isMainThread, Worker } from 'node:worker_threads';

export interface Totals {
	count: number;
	sum: number;
}

const own: Totals = { count: 0, sum: 0 };
const seen: Totals = { count: 0, sum: 0 };

if (isMainThread) {
	const post = Worker.prototype.postMessage;
	Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: never[]) {
		const m = message as { type?: string; value?: number };
		if (m && m.type === 'task' && typeof m.value === 'number') {
			seen.count++;
			seen.sum += m.value;
		}
		return post.call(this, message, ...rest);
	} as typeof post;
}

export function attach(_shared: SharedArrayBuffer): void {}

export function record(value: number): void {
	own.count++;
	own.sum += value;
}

export function mine(): Totals {
	return { ...own };
}

export function everyone(): Totals {
	return { count: seen.count + own.count, sum: seen.sum + own.sum };
}
