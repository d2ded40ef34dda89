// Proof that a pack's exercises grade what they claim: for every exercise the reference solution passes,
// the starter fails, and every known-wrong variant fails on the check its author named.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assembleExercise } from '../lessons/assemble.js';
import type { Exercise } from '../lessons/types.js';
import { firstFailure } from './report.js';
import { verifyPatiently, type VerifyResult, type VerifyStatus } from './verify.js';

export interface VariantRow {
	exercise: string;
	/** "solution", "starter" or "wrong/<name>". */
	variant: string;
	/** "pass", "fail", or the id of the check that must fail ("a or b": one of these). */
	expected: string;
	status: VerifyStatus;
	failed: string[];
	ok: boolean;
	/**
	 * The reference could not be judged: the machine stayed too busy through the grader's re-runs. Not ok,
	 * but not a false fail either; `lessons check` counts these apart. Never set for the starter or a
	 * known-wrong variant: those must fail, busy machine or not.
	 */
	inconclusive?: boolean;
	/** Gradings it took (re-runs after inconclusive results included). */
	tries: number;
	/** Why the row is not ok, or the failing check's message. */
	note: string;
	durationMs: number;
	seed: number;
}

function describeFailure(result: VerifyResult): string {
	const check = firstFailure(result);
	return check ? `${check.id}: ${check.message}` : '';
}

/** None of the named checks failed, and one of them was left inconclusive: the variant is not judged yet. */
export function namedUnjudged(result: Pick<VerifyResult, 'checks'>, named: string[]): boolean {
	const of = (status: string) => result.checks.some((c) => c.status === status && named.includes(c.id));
	return !of('fail') && of('inconclusive');
}

export async function checkVariant(
	exercise: Exercise,
	variant: string,
	expected: string,
	seed?: number,
	options: { tries?: number; pauseMs?: number } = {},
): Promise<VariantRow> {
	const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-check-'));
	try {
		assembleExercise(exercise, dir, variant === 'starter' ? undefined : variant);
		const named = expected.split(' or ');
		let result = await verifyPatiently(exercise, dir, { seed, ...options });
		// A variant's fail elsewhere must not stand in for its named check left unjudged by a busy machine:
		// grade it again, the same inputs, until that check is judged (as verifyPatiently does for a pass).
		let tries = result.tries ?? 1;
		while (!['pass', 'fail'].includes(expected) && namedUnjudged(result, named) && tries < (options.tries ?? 4)) {
			result = await verifyPatiently(exercise, dir, { ...options, seed: result.seeds[0] ?? result.seed, tries: 1 });
			tries++;
		}
		result = { ...result, tries };
		const failed = result.checks.filter((c) => c.status === 'fail').map((c) => c.id);
		let ok: boolean;
		let note: string;
		let inconclusive: boolean | undefined;
		if (expected === 'pass') {
			ok = result.status === 'pass';
			inconclusive = result.status === 'inconclusive' || undefined;
			const unjudged = result.checks.find((c) => c.status === 'inconclusive');
			note = ok
				? ''
				: inconclusive
					? `could not be judged in ${result.tries ?? 1} tries (${unjudged?.id}: ${unjudged?.message})`
					: `the reference should pass, but ${describeFailure(result)}`;
		} else if (expected === 'fail') {
			ok = result.status === 'fail';
			note = ok ? describeFailure(result) : 'the starter should fail, but it passes';
		} else {
			ok = named.some((id) => failed.includes(id));
			const check = result.checks.find((c) => named.includes(c.id));
			note = ok
				? (check?.message ?? '')
				: `should fail check "${expected}", but ${result.status === 'pass' ? 'it passes' : `that check was ${check?.status ?? 'missing'} (failed: ${failed.join(', ')}; ${describeFailure(result)})`}`;
		}
		return {
			exercise: exercise.id,
			variant,
			expected,
			status: result.status,
			failed,
			ok,
			...(inconclusive && { inconclusive }),
			tries: result.tries ?? 1,
			note,
			durationMs: result.durationMs,
			seed: result.seed,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** What to grade and what each must give: the solution passes, the starter fails, each wrong/<name> fails its check. */
export function variantPlan(exercise: Exercise): Array<[variant: string, expected: string]> {
	return [
		['solution', 'pass'],
		['starter', 'fail'],
		...Object.entries(exercise.wrong).map(([name, named]): [string, string] => [`wrong/${name}`, named.join(' or ')]),
	];
}

/** Every variant of one exercise, one after another. */
export async function checkExercise(exercise: Exercise, onRow?: (row: VariantRow) => void): Promise<VariantRow[]> {
	const rows: VariantRow[] = [];
	for (const [variant, expected] of variantPlan(exercise)) {
		const row = await checkVariant(exercise, variant, expected);
		rows.push(row);
		onRow?.(row);
	}
	return rows;
}
