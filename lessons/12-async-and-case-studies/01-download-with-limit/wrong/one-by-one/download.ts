// Wrong: downloads one file after the other. Never more than `limit` in flight — never more than one —
// so the files come in `limit` times slower than they could.
export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const files: Uint8Array[] = [];
	for (const url of urls) {
		const response = await fetch(url);
		files.push(new Uint8Array(await response.arrayBuffer()));
	}
	return files;
}
