// The line shown while a run is graded: a spinner and the elapsed time, redrawn ten times a second.
// Only this line re-renders on the timer; the grading itself runs in other processes.
import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { gradingLine } from '../exercise-view.js';
import type { Retry, Trigger } from '../model.js';

export function GradingLine({ startedAt, trigger, retry }: { startedAt: number; trigger: Trigger; retry?: Retry }) {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), 100);
		return () => clearInterval(timer);
	}, []);
	return <Text wrap="truncate-end">{gradingLine(trigger, now - startedAt, retry)}</Text>;
}
