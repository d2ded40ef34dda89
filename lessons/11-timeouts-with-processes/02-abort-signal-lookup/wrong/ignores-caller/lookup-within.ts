// Wrong: stops the lookup on its own timeout, but never looks at the caller's signal. A caller who
// cancels still waits until the timeout, and then gets the fallback instead of the cancellation.
import { lookupAsync } from './lab/fake-resolver.js';

export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const timeout = AbortSignal.timeout(timeoutMs);
	try {
		return await lookupAsync(name, { signal: timeout });
	} catch (error) {
		if (timeout.aborted) return null;
		throw error;
	}
}
