// Wrong: keeps `limit` downloads going correctly, but pushes each body onto the result as it finishes.
// The files come back in the order they finished, not in the order of the URLs.
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const files: Uint8Array[] = [];
	let next = 0;
	const lane = async () => {
		while (next < urls.length) {
			const url = urls[next++]!;
			files.push(new Uint8Array(await (await fetch(url)).arrayBuffer()));
		}
	};
	await Promise.all(Array.from({ length: limit }, lane));
	return files;
}
