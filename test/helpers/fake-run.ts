// A RunResult built by hand, for feeding checks readings like those of a real run: a finished run with
// nothing reported, no events and no leaks, on two cores, with any field (and any trace field) replaced.
import type { RunResult } from '../../source/grader/spec.js';

export type FakeRun = Omit<Partial<RunResult>, 'trace'> & { trace?: Partial<RunResult['trace']> };

export function fakeRun(partial: FakeRun = {}): RunResult {
	return {
		seed: 1,
		end: { kind: 'done' },
		values: {},
		leaks: { workers: 0, processes: 0, detail: '' },
		output: '',
		...partial,
		trace: {
			events: [],
			lanes: [],
			cpuMs: 0,
			wallMs: 1000,
			maxLoopDelayMs: 0,
			workers: { started: 0, maxAlive: 0 },
			processes: { started: 0, maxAlive: 0 },
			cores: 2,
			...partial.trace,
		},
	};
}
