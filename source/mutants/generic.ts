// The generic mutation operators (conditionals, boundaries, arithmetic, booleans, removed blocks, ...) come
// from Stryker's instrumenter 9 (Stryker 10 needs Node 22). Its mutants are positions and replacement texts;
// each becomes one Candidate over the original source. String literals are left alone: changing a message
// text is noise, not a mistake in concurrent code.
import type { Candidate } from './operators.js';
import { offsetOf } from './edits.js';

type Instrumenter = {
	instrument(
		files: Array<{ name: string; content: string; mutate: boolean }>,
		options: { plugins: null; excludedMutations: string[]; ignorers: never[] },
	): Promise<{ mutants: Array<{ mutatorName: string; replacement: string; status?: string; location: { start: { line: number; column: number }; end: { line: number; column: number } } }> }>;
};

export const EXCLUDED_GENERIC = ['StringLiteral'];

/** Stryker 9's mutator names (StringLiteral excluded), for `--operators`. */
export const GENERIC_OPERATORS = [
	'ArithmeticOperator', 'ArrayDeclaration', 'ArrowFunction', 'AssignmentOperator', 'BlockStatement', 'BooleanLiteral',
	'ConditionalExpression', 'EqualityOperator', 'LogicalOperator', 'MethodExpression', 'ObjectLiteral', 'OptionalChaining',
	'Regex', 'UnaryOperator', 'UpdateOperator',
];

let instrumenter: Promise<Instrumenter> | undefined;

async function load(): Promise<Instrumenter> {
	try {
		const [{ createInstrumenter }, { commonTokens }, { createInjector }] = await Promise.all([
			import('@stryker-mutator/instrumenter'),
			import('@stryker-mutator/api/plugin'),
			import('typed-inject'),
		]);
		const quiet = () => false;
		const none = () => {};
		const log = {
			isTraceEnabled: quiet, isDebugEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, isErrorEnabled: quiet, isFatalEnabled: quiet,
			trace: none, debug: none, info: none, warn: none, error: none, fatal: none,
		};
		return createInjector()
			.provideValue(commonTokens.logger, log as never)
			.provideValue(commonTokens.getLogger, (() => log) as never)
			.injectFunction(createInstrumenter) as unknown as Instrumenter;
	} catch (error) {
		throw new Error(
			`--mutants needs @stryker-mutator/instrumenter@9, @stryker-mutator/api@9 and typed-inject beside conc-tutor (npm install -D @stryker-mutator/instrumenter@9 @stryker-mutator/api@9 typed-inject): ${(error as Error).message}`,
		);
	}
}

/** Stryker's mutants of one TypeScript file, as candidates over its text. */
export async function genericCandidates(source: string, file: string): Promise<Candidate[]> {
	instrumenter ??= load();
	const result = await (await instrumenter).instrument([{ name: file, content: source, mutate: true }], {
		plugins: null,
		excludedMutations: EXCLUDED_GENERIC,
		ignorers: [],
	});
	// Excluded mutators' mutants come back marked 'Ignored'; Stryker's lines are 0-based, its columns too.
	return result.mutants.filter((m) => m.status !== 'Ignored' && !EXCLUDED_GENERIC.includes(m.mutatorName)).map((m) => {
		const start = offsetOf(source, m.location.start.line + 1, m.location.start.column);
		const end = offsetOf(source, m.location.end.line + 1, m.location.end.column);
		const original = source.slice(start, end).split('\n')[0]!.trim();
		const replacement = m.replacement.split('\n')[0]!.trim();
		return {
			operator: m.mutatorName,
			description: `${original.length > 50 ? `${original.slice(0, 47)}...` : original} → ${replacement.length > 50 ? `${replacement.slice(0, 47)}...` : replacement}`,
			edits: [{ start, end, text: m.replacement }],
		};
	});
}
