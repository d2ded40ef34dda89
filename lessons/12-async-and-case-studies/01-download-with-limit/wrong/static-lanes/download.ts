// Wrong: splits the URLs into `limit` fixed lanes up front (lane k takes URLs k, k + limit, …) and each
// lane downloads its own list one by one. When one lane hits a slow picture, its remaining URLs wait
// behind it while the other lanes run dry: a free slot does not take the next waiting URL.
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const files = new Array<Uint8Array>(urls.length);
	await Promise.all(
		Array.from({ length: limit }, async (_, lane) => {
			for (let i = lane; i < urls.length; i += limit) {
				files[i] = new Uint8Array(await (await fetch(urls[i]!)).arrayBuffer());
			}
		}),
	);
	return files;
}
