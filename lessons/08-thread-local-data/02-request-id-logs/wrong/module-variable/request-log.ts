// WRONG: one module-level "current request id". There is one main thread and one copy of this
// variable, shared by every request in flight: request A sets it, awaits I/O, request B sets it,
// and when A resumes its log lines carry B's id. Correct only while requests never overlap.
import { write } from './sink.js';

let current: string | undefined;

export function withRequestId<T>(id: string, fn: () => Promise<T>): Promise<T> {
	current = id;
	return fn();
}

export function requestId(): string | undefined {
	return current;
}

export function log(message: string): void {
	write(`[${requestId() ?? '-'}] ${message}`);
}
