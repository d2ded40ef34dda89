// Wrong: combines the caller's signal with a timeout (good), but turns every abort into the fallback.
// When the caller cancels, it gets null — "no address" — instead of the cancellation it asked for,
// and cannot tell "the name is slow" from "I cancelled it".
import { lookupAsync } from './lab/fake-resolver.js';

export async function lookupWithin(name: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
	const timeout = AbortSignal.timeout(timeoutMs);
	try {
		return await lookupAsync(name, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
	} catch {
		return null;
	}
}
