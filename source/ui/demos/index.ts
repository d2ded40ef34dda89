// The demo screens, for the TUI shell to route to. Each takes DemoScreenProps (onExit, columns, rows,
// isActive, exitKeys) and stops every worker it started when it unmounts.
import type { ComponentType } from 'react';
import type { KeyHelp } from '../keys.js';
import { DeadlockScreen } from './deadlock.js';
import { GilLabScreen } from './gil-lab.js';
import type { DemoScreenProps } from './hooks.js';
import { RaceScreen } from './race.js';
import { SchedulerGameScreen } from './scheduler-game.js';
import { TheatreScreen } from './theatre.js';

export type { DemoScreenProps } from './hooks.js';
export { DeadlockScreen, GilLabScreen, RaceScreen, SchedulerGameScreen, TheatreScreen };

export type DemoId = 'theatre' | 'gil-lab' | 'race' | 'deadlock' | 'scheduler';

export interface DemoEntry {
	title: string;
	/** One line for a menu: what the learner will see. */
	blurb: string;
	component: ComponentType<DemoScreenProps>;
	/** For the help overlay: this screen's keys. */
	keys: KeyHelp[];
}

const phaseKeys: KeyHelp[] = [
	{ keys: 'Enter  space', does: 'start the demo, then its next part' },
	{ keys: 'r', does: 'start over (ends the running workers)' },
	{ keys: 'q  Esc', does: 'back' },
];

export const demos: Record<DemoId, DemoEntry> = {
	theatre: {
		title: 'The theatre',
		blurb: 'one ticket checker taking turns between two queues, then two checkers in parallel',
		component: TheatreScreen,
		keys: phaseKeys,
	},
	'gil-lab': {
		title: 'The GIL lab',
		blurb: 'one CPU-bound job: async on one thread, workers under one global lock, free workers',
		component: GilLabScreen,
		keys: phaseKeys,
	},
	race: {
		title: 'The race',
		blurb: 'workers adding to one shared counter with counter[0]++, then with Atomics.add',
		component: RaceScreen,
		keys: phaseKeys,
	},
	deadlock: {
		title: 'The deadlock',
		blurb: 'two workers, two locks in opposite order, the wait-for graph; then one lock order',
		component: DeadlockScreen,
		keys: phaseKeys,
	},
	scheduler: {
		title: 'Be the scheduler',
		blurb: 'you choose which thread steps next: lose an update, then try with a lock',
		component: SchedulerGameScreen,
		keys: [
			{ keys: '1  2', does: "run thread 1's or thread 2's next step" },
			{ keys: 'Enter  space', does: 'switch between goal 1 (no lock) and goal 2 (lock)' },
			{ keys: 'r', does: 'start this goal over' },
			{ keys: 'q  Esc', does: 'back' },
		],
	},
};
