// Logging with the current request's id, without passing the id to every function.
import { AsyncLocalStorage } from 'node:async_hooks';
import { write } from './sink.js';

/** Runs fn as the request `id`: every log() inside it, even after awaits, is tagged with `id`. */
export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	throw new Error('not written yet');
}

/** The id of the request this code runs for, or undefined outside any request. */
export function requestId(): string | undefined {
	throw new Error('not written yet');
}

/** Writes "[<id>] <message>", or "[-] <message>" outside any request. */
export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
