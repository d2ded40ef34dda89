// Wrong: downloads in batches of `limit` (Promise.all over urls.slice(i, i + limit)) and starts the next
// batch only when the whole batch is done. Never over the limit, but one slow picture keeps the other
// slots empty until it finishes: `limit` downloads are not kept going.
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const files: Uint8Array[] = [];
	for (let i = 0; i < urls.length; i += limit) {
		const batch = await Promise.all(
			urls.slice(i, i + limit).map(async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer())),
		);
		files.push(...batch);
	}
	return files;
}
