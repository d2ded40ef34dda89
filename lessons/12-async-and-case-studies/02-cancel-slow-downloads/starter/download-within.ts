/**
 * Downloads every URL at once, each within `timeoutMs`. Resolves with the bodies in URL order, and
 * null for each download that ran out of time — which is then cancelled, not left running.
 */
export async function downloadWithin(urls: string[], timeoutMs: number): Promise<Array<Uint8Array | null>> {
	throw new Error('not written yet');
}
