// The grader's picture server for the download exercises of this lesson (used by their check.ts, inside
// the sandbox). It listens on 127.0.0.1 on a free port, serves deterministic "pictures" (random bytes
// made from the seed) and records, from the server's side, how each request went.
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one picture. */
export interface PictureShape {
	bytes: number;
	/** Wait before sending the headers. */
	headerDelayMs: number;
	/** The body is sent in this many pieces... */
	chunks: number;
	/** ...this far apart. */
	chunkGapMs: number;
	/** After the first piece, wait this long before the rest (a stalled transfer). */
	stallMs: number;
	/**
	 * Optional: after the first piece, hold the rest until every other picture has been sent in full, at
	 * most this long (ms). Only a client that keeps its other downloads going meanwhile releases it early.
	 */
	holdForOthersMs?: number;
}

export type RequestState = 'finished' | 'aborted' | 'open';

function random(seed: number) {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		return state;
	};
}

/** The bytes of picture `index` for `seed`: the same in the sandbox and in the grader. */
export function pictureBytes(seed: number, index: number, bytes: number): Buffer {
	const next = random(Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77));
	const data = Buffer.alloc(bytes);
	for (let i = 0; i + 4 <= bytes; i += 4) data.writeUInt32LE(next(), i);
	for (let i = bytes - (bytes % 4); i < bytes; i++) data[i] = next() & 255;
	return data;
}

export const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 16);

export interface PictureServer {
	urls: string[];
	/** Most requests open at the same moment, counted from their arrival until the response closed. */
	peak(): number;
	/** How many times each picture was requested. */
	hits(): number[];
	/** Per picture, how its (last) request ended. */
	states(): RequestState[];
	/** Per picture with holdForOthersMs: true when the others were all done before the hold ran out. */
	released(): Array<boolean | undefined>;
	/** Per picture, when (Date.now()) its (last) response closed, sent in full or not; undefined while open. */
	closedAt(): Array<number | undefined>;
	close(): Promise<void>;
}

export async function startPictureServer(seed: number, shapes: PictureShape[]): Promise<PictureServer> {
	let open = 0;
	let peak = 0;
	const hits = shapes.map(() => 0);
	const states: RequestState[] = shapes.map(() => 'open');
	const released: Array<boolean | undefined> = shapes.map(() => undefined);
	const closedAt: Array<number | undefined> = shapes.map(() => undefined);
	const othersDone = (index: number) => states.every((state, i) => i === index || (state === 'finished' && hits[i]! > 0));
	const timers = new Set<ReturnType<typeof setTimeout>>();
	const later = (ms: number, fn: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			fn();
		}, ms);
		timers.add(timer);
		return timer;
	};
	const server = createServer((req, res: ServerResponse) => {
		const match = /^\/pictures\/(\d+)\.jpg$/.exec(req.url ?? '');
		const index = match ? Number(match[1]) : -1;
		const shape = shapes[index];
		if (!shape) {
			res.writeHead(404).end();
			return;
		}
		hits[index]!++;
		open++;
		peak = Math.max(peak, open);
		let done = false;
		const mine: Array<ReturnType<typeof setTimeout>> = [];
		res.on('close', () => {
			open--;
			states[index] = done ? 'finished' : 'aborted';
			closedAt[index] = Date.now();
			for (const timer of mine) {
				clearTimeout(timer);
				timers.delete(timer);
			}
		});
		const body = pictureBytes(seed, index, shape.bytes);
		const size = Math.ceil(body.length / shape.chunks);
		const send = (piece: number) => {
			if (res.destroyed) return;
			const last = piece === shape.chunks - 1;
			const part = body.subarray(piece * size, last ? body.length : (piece + 1) * size);
			if (last) {
				done = true;
				res.end(part);
				return;
			}
			res.write(part);
			if (piece === 0 && shape.holdForOthersMs !== undefined) {
				const until = Date.now() + shape.holdForOthersMs;
				const check = () => {
					if (othersDone(index) || Date.now() >= until) {
						released[index] = othersDone(index);
						send(piece + 1);
					} else mine.push(later(5, check));
				};
				check();
				return;
			}
			mine.push(later(piece === 0 && shape.stallMs > 0 ? shape.stallMs : shape.chunkGapMs, () => send(piece + 1)));
		};
		mine.push(
			later(shape.headerDelayMs, () => {
				res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) });
				res.flushHeaders();
				send(0);
			}),
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		urls: shapes.map((_, i) => `http://127.0.0.1:${port}/pictures/${i}.jpg`),
		peak: () => peak,
		hits: () => [...hits],
		states: () => [...states],
		released: () => [...released],
		closedAt: () => [...closedAt],
		async close() {
			for (const timer of timers) clearTimeout(timer);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
