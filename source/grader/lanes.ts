import type { Lane } from './spec.js';

/**
 * A lane's cumulative CPU (ms) at time t, interpolated between the grader's /proc samples. Before the
 * first sample it is 0, or, with `fromFirstSample`, the first sample's value (nothing before it is known).
 */
export function cpuAt(samples: Lane['samples'], t: number, fromFirstSample = false): number {
	if (samples.length === 0) return 0;
	if (t <= samples[0]![0]) return fromFirstSample ? samples[0]![1] : 0;
	for (let i = 1; i < samples.length; i++) {
		const [t1, c1] = samples[i]!;
		if (t1 >= t) {
			const [t0, c0] = samples[i - 1]!;
			return c0 + ((c1 - c0) * (t - t0)) / Math.max(1e-9, t1 - t0);
		}
	}
	return samples.at(-1)![1];
}

/** CPU (ms) a lane used between two instants of the run, counting nothing from before its first sample. */
export function cpuBetween(samples: Lane['samples'], from: number, to: number): number {
	return cpuAt(samples, to, true) - cpuAt(samples, from, true);
}

/**
 * The most CPU (ms) a lane can have used between two instants. What the samples cannot place (before a
 * first sample that came after `from`: a busy machine's sampler started late) counts as inside, up to the
 * wall time it covers (a thread cannot use more CPU than time passes). For rules "used at most", where
 * `cpuBetween` would count such a lane as idle. A lane never sampled may have used the whole window.
 */
export function cpuAtMost(samples: Lane['samples'], from: number, to: number): number {
	if (samples.length === 0) return Math.max(0, to - from);
	const [first, atFirst] = samples[0]!;
	if (first <= from) return cpuBetween(samples, from, to);
	const unseen = Math.min(atFirst, Math.min(first, to) - from);
	return unseen + (first < to ? cpuAt(samples, to) - atFirst : 0);
}

/**
 * The least and the most CPU (ms) a lane can have used between two instants, from what was seen, with no
 * guess at when between two samples it ran: between two samples it used their difference, at any time in
 * between; before its first sample, at most its first reading, never counted in the least; after its last,
 * at most its tail (`tailMs`, when the sampler could bound it), and no more than the wall time left.
 */
export function cpuBounds(lane: Pick<Lane, 'samples' | 'tailMs' | 'end'>, from: number, to: number): [least: number, most: number] {
	const { samples } = lane;
	const overlap = (a: number, b: number) => Math.max(0, Math.min(b, to) - Math.max(a, from));
	if (samples.length === 0) return [0, overlap(-Infinity, lane.end ?? Infinity)];
	let least = 0;
	let most = Math.min(samples[0]![1], overlap(-Infinity, samples[0]![0]));
	for (let i = 1; i < samples.length; i++) {
		const [t0, c0] = samples[i - 1]!;
		const [t1, c1] = samples[i]!;
		const inside = overlap(t0, t1);
		most += Math.min(c1 - c0, inside);
		least += Math.max(0, c1 - c0 - (t1 - t0 - inside));
	}
	most += Math.min(lane.tailMs ?? Infinity, overlap(samples.at(-1)![0], lane.end ?? Infinity));
	return [least, most];
}
