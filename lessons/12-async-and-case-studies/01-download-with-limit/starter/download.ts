/**
 * Downloads every URL, with at most `limit` requests in flight at any moment, and resolves with the
 * bodies in the order of `urls`.
 */
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	throw new Error('not written yet');
}
