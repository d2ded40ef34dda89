// Wrong: uses http.get and resolves on the first 'data' event. A response body arrives in pieces;
// the first piece is only the beginning of the file. (The limit itself is handled correctly.)
import http from 'node:http';

function get(url: string): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		http.get(url, (response) => {
			response.once('data', (chunk: Buffer) => {
				resolve(new Uint8Array(chunk));
				response.destroy();
			});
			response.once('error', reject);
		}).once('error', reject);
	});
}

export async function downloadAll(urls: string[], limit: number): Promise<Uint8Array[]> {
	const files: Uint8Array[] = new Array(urls.length);
	let next = 0;
	const lane = async () => {
		while (next < urls.length) {
			const i = next++;
			files[i] = await get(urls[i]!);
		}
	};
	await Promise.all(Array.from({ length: limit }, lane));
	return files;
}
