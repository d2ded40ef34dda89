// How a verdict is told: to a learner (hidden checks redacted) and as plain text lines.
import { wrapWords } from '../wrap-words.js';
import { TOO_BUSY } from './fairness.js';
import { RUNS, type CheckResult, type VerifyResult } from './verify.js';

/** Inconclusive is never ✗: the machine, not the code, was too busy; its line says so in words. */
export const SYMBOL = { pass: '✓', fail: '✗', skip: '–', inconclusive: '?' } as const;

/** The sentence for a result that stayed inconclusive after the grader's own re-runs. */
export function couldNotJudge(result: VerifyResult): string {
	const tries = result.tries ?? 1;
	const why = whyUnjudged(result);
	return `Could not be judged${tries > 1 ? ` in ${tries} tries` : ''}: ${why[0]!.toLowerCase()}${why.slice(1)}. This is not a fail and was not counted as an attempt; grade again when the machine is quieter.`;
}

/** The usual reason a result could not be judged, as a sentence's start: the checks' own words. */
export const BUSY_MACHINE = `${TOO_BUSY[0]!.toUpperCase()}${TOO_BUSY.slice(1)}`;

/** Why a result could not be judged, as a sentence's start: its run was ended from outside, or the machine was busy. */
export function whyUnjudged(result: VerifyResult): string {
	const runs = result.checks.find((check) => check.id === RUNS.id);
	return runs?.status === 'inconclusive' ? 'The run was ended from outside, not by your code' : BUSY_MACHINE;
}

/** What a learner may see: a hidden check shows only that it passed or failed, with no name or message. */
export function forLearner(result: VerifyResult): VerifyResult {
	let n = 0;
	const checks = result.checks.map((check): CheckResult => {
		if (!check.hidden) return check;
		n++;
		return {
			id: `hidden-${n}`,
			title: 'a hidden check',
			status: check.status,
			message:
				check.status === 'fail'
					? 'a hidden check failed'
					: check.status === 'pass'
						? 'passed'
						: check.status === 'inconclusive'
							? 'the machine was too busy to judge a hidden check'
							: 'not checked',
			hidden: true,
		};
	});
	return { ...result, checks };
}

export function firstFailure(result: VerifyResult): CheckResult | undefined {
	return result.checks.find((check) => check.status === 'fail');
}

export function firstInconclusive(result: VerifyResult): CheckResult | undefined {
	return result.checks.find((check) => check.status === 'inconclusive');
}

/** The JSON document of `verify --json`. */
export function toJson(result: VerifyResult) {
	return {
		exercise: result.exercise,
		status: result.status,
		tries: result.tries ?? 1,
		checks: result.checks.map(({ id, title, status, message }) => ({ id, title, status, message })),
		durationMs: result.durationMs,
		seed: result.seed,
		isolation: result.isolation,
		phases: result.phases,
		trace: result.trace,
	};
}

/** Check lines: "✓ runs  runs to the end within the limits", with the message under a failure. */
export function checkLines(result: VerifyResult, width = 100): string[] {
	const idWidth = Math.min(24, Math.max(...result.checks.map((check) => check.id.length)));
	const lines: string[] = [];
	for (const check of result.checks) {
		const words = check.status === 'inconclusive' ? '  (could not be judged)' : '';
		lines.push(`  ${SYMBOL[check.status]} ${check.id.padEnd(idWidth)}  ${check.title}${words}`);
		// A pass message adds what was observed ("started 2 workers"); a failure's says what went wrong.
		if (check.message && check.message !== check.title) {
			for (const line of wrapWords(check.message, width - idWidth - 7)) lines.push(`  ${' '.repeat(idWidth + 4)}${line}`);
		}
	}
	return lines;
}
