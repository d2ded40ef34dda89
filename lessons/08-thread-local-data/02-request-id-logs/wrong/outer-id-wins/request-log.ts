// WRONG: "never overwrite a request's id": when withRequestId is called inside another request, it
// keeps the outer id. Right for the app's requests (they never nest), but a request started from
// within another one (a sub-request, a job) logs under its parent's id instead of its own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { write } from './sink.js';

const current = new AsyncLocalStorage<string>();

export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	return current.getStore() !== undefined ? fn() : current.run(id, fn);
}

export function requestId(): string | undefined {
	return current.getStore();
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
