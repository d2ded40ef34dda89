// Seeing a learner's saves. Watches the exercise folder (not single files: editors that save by writing a
// new file and renaming it over the old one replace the inode a file watch would hold), ignores the
// editor's swap and backup files, and reports one change per burst of saves. `poll` checks modification
// times instead, for WSL and network drives where change events never arrive.
import { watch, type FSWatcher } from 'node:fs';
import { fingerprint, ignored } from './fingerprint.js';

export interface WatchOptions {
	/** Quiet time after the last event before reporting, ms. */
	debounceMs?: number;
	/** Poll every this many ms instead of using change events. */
	poll?: boolean;
	pollIntervalMs?: number;
}

export interface Watcher {
	close(): void;
}

export function watchExercise(dir: string, onChange: () => void, options: WatchOptions = {}): Watcher {
	const debounceMs = options.debounceMs ?? 150;
	let timer: NodeJS.Timeout | undefined;
	let closed = false;
	const changed = () => {
		if (closed) return;
		clearTimeout(timer);
		timer = setTimeout(onChange, debounceMs);
	};
	if (options.poll) {
		let last = fingerprint(dir);
		const interval = setInterval(() => {
			const now = fingerprint(dir);
			if (now !== last) {
				last = now;
				changed();
			}
		}, options.pollIntervalMs ?? 500);
		return {
			close() {
				closed = true;
				clearInterval(interval);
				clearTimeout(timer);
			},
		};
	}
	let watcher: FSWatcher;
	let last = fingerprint(dir);
	watcher = watch(dir, { recursive: true }, (_event, file) => {
		if (file && ignored(String(file))) return;
		// Some editors touch files without changing them (on focus, on open): only report real changes.
		const now = fingerprint(dir);
		if (now === last) return;
		last = now;
		changed();
	});
	watcher.on('error', () => {
		// The folder went away (reset, deleted): nothing more to watch.
	});
	return {
		close() {
			closed = true;
			clearTimeout(timer);
			watcher.close();
		},
	};
}
