// A per-machine time factor: a slow classroom laptop gets proportionally longer time limits. Measured
// once (a fixed CPU job, best of three) and cached next to the compiled files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './transform.js';

/** What the job takes on the 2-core reference machine the defaults were set on, ms. */
const REFERENCE_MS = 28;

function job(): number {
	const start = performance.now();
	let x = 0;
	for (let i = 0; i < 2e6; i++) x = (x + i * i) % 1000003;
	if (x < 0) console.log(x); // keep the loop from being optimised away
	return performance.now() - start;
}

export function measureFactor(): number {
	const best = Math.min(job(), job(), job());
	return Math.min(4, Math.max(1, best / REFERENCE_MS));
}

/** The factor for this machine: CONC_TUTOR_TIME_FACTOR if set, else a cached measurement (≤ 1 day old). */
export function timeFactor(): number {
	const forced = Number(process.env.CONC_TUTOR_TIME_FACTOR);
	if (forced > 0) return forced;
	const file = path.join(cacheDir(), 'calibration.json');
	try {
		if (existsSync(file)) {
			const saved = JSON.parse(readFileSync(file, 'utf8')) as { factor: number; at: number; node: string };
			if (saved.node === process.version && Date.now() - saved.at < 86_400_000 && saved.factor >= 1) return saved.factor;
		}
	} catch {
		// unreadable: measure again
	}
	const factor = measureFactor();
	writeFileSync(file, JSON.stringify({ factor, at: Date.now(), node: process.version }));
	return factor;
}
