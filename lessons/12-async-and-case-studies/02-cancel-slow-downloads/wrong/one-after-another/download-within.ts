// Wrong: gives each download its own timeoutMs, but runs them one after another. Every slow picture
// waits out the whole limit before the next download even starts, so the last ones get their limit
// long after the call: not "timeoutMs from the call", and the result comes far too late.
export async function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	const files: Array<Uint8Array | null> = [];
	for (const url of urls) {
		const signal = AbortSignal.timeout(timeoutMs);
		try {
			const response = await fetch(url, { signal });
			files.push(new Uint8Array(await response.arrayBuffer()));
		} catch (error) {
			if (!signal.aborted) throw error;
			files.push(null);
		}
	}
	return files;
}
