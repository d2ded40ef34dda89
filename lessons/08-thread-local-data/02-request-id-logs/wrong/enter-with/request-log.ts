// WRONG: AsyncLocalStorage, but enterWith() instead of run(). enterWith() changes the store of the
// *caller's* context too, and never undoes it: each request's own lines are right, but once the
// requests are done, code that has nothing to do with any request still logs the last request's id.
import { AsyncLocalStorage } from 'node:async_hooks';
import { write } from './sink.js';

const current = new AsyncLocalStorage<string>();

export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	current.enterWith(id);
	return fn();
}

export function requestId(): string | undefined {
	return current.getStore();
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
