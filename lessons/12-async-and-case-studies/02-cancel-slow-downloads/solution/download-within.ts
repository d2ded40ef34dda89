/**
 * Downloads every URL at once, each within `timeoutMs`. Resolves with the bodies in URL order, and
 * null for each download that ran out of time — which is then cancelled, not left running.
 */
export function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	return Promise.all(
		urls.map(async (url) => {
			// One signal per download. fetch() watches it for the headers AND while the body streams in.
			const signal = AbortSignal.timeout(timeoutMs);
			try {
				const response = await fetch(url, { signal });
				return new Uint8Array(await response.arrayBuffer());
			} catch (error) {
				if (signal.aborted) return null; // out of time: fetch has already closed the connection
				throw error;
			}
		}),
	);
}
