// Wrong: races the lookup against a timer and against the caller's signal, and returns the right
// things at the right times — but never tells the resolver. Every lookup it gave up on keeps running
// (a slow one finishes for nobody; a hanging one waits forever), like a request nobody cancelled.
import { lookupAsync } from './lab/fake-resolver.js';

export function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
	const cancelled = new Promise<never>((_, reject) => {
		if (signal?.aborted) reject(signal.reason);
		signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
	});
	return Promise.race([lookupAsync(name), timer, cancelled]);
}
