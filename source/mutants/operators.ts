// Concurrency mutation operators, written on TypeScript's AST: each one finds the places where concurrent code
// commonly goes wrong and returns text edits that make that mistake (ConMAn's operators for Java, adapted to
// Node: drop a synchronisation, shift it, swap two operations, drop a join, a wait or a clean-up).
//
// Every operator is a pure function of the source text (and, for one, the exercise's other files): no I/O.
import ts from 'typescript';
import { applyEdits, type Edit } from './edits.js';

export interface Candidate {
	operator: string;
	/** One line: what the mutant changed, e.g. "removed the lock pair first.lock() … first.unlock()". */
	description: string;
	edits: Edit[];
	/** Files the mutant adds beside the mutated one (path relative to the exercise → content). */
	addFiles?: Record<string, string>;
}

export interface OperatorContext {
	/** Path of the file being mutated, relative to the exercise folder. */
	file: string;
	/** Every file of the assembled exercise (starter, lab, solution), path → content. */
	files?: Record<string, string>;
}

export type Operator = (source: string, context: OperatorContext) => Candidate[];

export function parse(source: string, file = 'file.ts'): ts.SourceFile {
	return ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every node under `node`, depth-first, in source order; `enter` returning false skips a node's children. */
function walk(node: ts.Node, visit: (node: ts.Node) => unknown): void {
	const go = (n: ts.Node) => {
		if (visit(n) === false) return;
		ts.forEachChild(n, go);
	};
	ts.forEachChild(node, go);
}

const isFunctionLike = (node: ts.Node) =>
	ts.isFunctionDeclaration(node) ||
	ts.isFunctionExpression(node) ||
	ts.isArrowFunction(node) ||
	ts.isMethodDeclaration(node) ||
	ts.isConstructorDeclaration(node) ||
	ts.isGetAccessor(node) ||
	ts.isSetAccessor(node);

/** Nodes under `node` that belong to the same function (nested functions and classes are skipped). */
function walkOwn(node: ts.Node, visit: (node: ts.Node) => void): void {
	walk(node, (n) => {
		if (isFunctionLike(n) || ts.isClassLike(n)) return false;
		visit(n);
		return true;
	});
}

/** Strips parentheses, `await`, `void` and non-null assertions: `void (await x.lock())!` → `x.lock()`. */
function core(expression: ts.Expression): ts.Expression {
	let e = expression;
	for (;;) {
		if (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isVoidExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
		else return e;
	}
}

/** `f()` → "f", `a.b.f()` → "f". */
function calleeName(call: ts.CallExpression): string | undefined {
	const callee = core(call.expression);
	if (ts.isIdentifier(callee)) return callee.text;
	if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
	return undefined;
}

/** The receiver's text of a method call (`first` in `first.lock()`), '' for a plain call. */
function receiverText(call: ts.CallExpression, sf: ts.SourceFile): string {
	const callee = core(call.expression);
	return ts.isPropertyAccessExpression(callee) ? callee.expression.getText(sf) : '';
}

/** `Atomics.<name>(…)`'s name, or undefined. */
function atomicsMethod(node: ts.Node): string | undefined {
	if (!ts.isCallExpression(node)) return undefined;
	const callee = node.expression;
	if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Atomics') return callee.name.text;
	return undefined;
}

const argsText = (call: ts.CallExpression, sf: ts.SourceFile) => call.arguments.map((a) => a.getText(sf)).join(', ');
const span = (node: ts.Node, sf: ts.SourceFile) => ({ start: node.getStart(sf), end: node.getEnd() });
const inBlock = (statement: ts.Node) => ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent) || ts.isModuleBlock(statement.parent) || ts.isCaseClause(statement.parent) || ts.isDefaultClause(statement.parent);
/** Removes a statement: gone from a block, an empty statement where one is required (`if (x) ;`). */
const removeStatement = (statement: ts.Statement, sf: ts.SourceFile): Edit => ({ ...span(statement, sf), text: inBlock(statement) ? '' : ';' });
const lineText = (node: ts.Node, sf: ts.SourceFile) => node.getText(sf).split('\n')[0]!.trim();

// ── drop an await ──────────────────────────────────────────────────────────────────────────────

export const awaitDropped: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (ts.isAwaitExpression(node)) {
			out.push({
				operator: 'AwaitDropped',
				description: `dropped the await of ${lineText(node.expression, sf)}`,
				edits: [{ start: node.getStart(sf), end: node.expression.getStart(sf), text: '' }],
			});
		}
	});
	return out;
};

// ── an Atomics read-modify-write becomes a plain load and store ──────────────────────────────────

const rmw: Record<string, string> = {
	add: '((a, i, v) => { const old = a[i]; a[i] = old + v; return old; })',
	sub: '((a, i, v) => { const old = a[i]; a[i] = old - v; return old; })',
	and: '((a, i, v) => { const old = a[i]; a[i] = old & v; return old; })',
	or: '((a, i, v) => { const old = a[i]; a[i] = old | v; return old; })',
	xor: '((a, i, v) => { const old = a[i]; a[i] = old ^ v; return old; })',
	exchange: '((a, i, v) => { const old = a[i]; a[i] = v; return old; })',
	compareExchange: '((a, i, expected, v) => { const old = a[i]; if (old === expected) a[i] = v; return old; })',
};

export const atomicsToLoadStore: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		const method = atomicsMethod(node);
		if (method && rmw[method]) {
			const call = node as ts.CallExpression;
			out.push({
				operator: 'AtomicsToLoadStore',
				description: `Atomics.${method} split into a plain load and store`,
				edits: [{ ...span(call, sf), text: `${rmw[method]}(${argsText(call, sf)})` }],
			});
		}
	});
	return out;
};

// ── remove a lock acquire/release pair, or the finally that releases ─────────────────────────────

const ACQUIRE = new Set(['lock', 'acquire', 'pickUp']);
const RELEASE = new Set(['unlock', 'release', 'putDown']);

/** The call a statement consists of (`x.lock();`, `await x.lock();`, `const r = await l.acquire();`). */
function statementCall(statement: ts.Statement): ts.CallExpression | undefined {
	let expression: ts.Expression | undefined;
	if (ts.isExpressionStatement(statement)) expression = statement.expression;
	else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
		expression = statement.declarationList.declarations[0]!.initializer;
	}
	if (!expression) return undefined;
	const call = core(expression);
	return ts.isCallExpression(call) ? call : undefined;
}

function isReleaseOf(statement: ts.Statement, receiver: string, variable: string | undefined, sf: ts.SourceFile): boolean {
	if (!ts.isExpressionStatement(statement)) return false;
	const call = statementCall(statement);
	if (!call) return false;
	const name = calleeName(call);
	if (variable && ts.isIdentifier(core(call.expression)) && name === variable) return true;
	return name !== undefined && RELEASE.has(name) && receiverText(call, sf) === receiver;
}

export const lockPairRemoved: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	const blocks: Array<ts.Block | ts.SourceFile> = [sf];
	walk(sf, (node) => void (ts.isBlock(node) && blocks.push(node)));
	for (const node of blocks) {
		const statements = node.statements;
		statements.forEach((statement, index) => {
			const call = statementCall(statement);
			const name = call && calleeName(call);
			if (!call || !name || !ACQUIRE.has(name)) return;
			const receiver = receiverText(call, sf);
			let variable: string | undefined;
			if (ts.isVariableStatement(statement)) {
				const binding = statement.declarationList.declarations[0]!.name;
				if (ts.isIdentifier(binding)) variable = binding.text;
			}
			let release: ts.Statement | undefined;
			for (const later of statements.slice(index + 1)) {
				if (isReleaseOf(later, receiver, variable, sf)) release = later;
				else
					walkOwn(later, (n) => {
						if (!release && ts.isExpressionStatement(n) && isReleaseOf(n, receiver, variable, sf)) release = n;
					});
				if (release) break;
			}
			if (!release) return;
			out.push({
				operator: 'LockPairRemoved',
				description: `removed the pair ${lineText(statement, sf)} … ${lineText(release, sf)}`,
				edits: [removeStatement(statement, sf), removeStatement(release, sf)],
			});
		});
	}
	return out;
};

export const releasingFinallyRemoved: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (!ts.isTryStatement(node) || !node.finallyBlock) return;
		let releases: string | undefined;
		walkOwn(node.finallyBlock, (n) => {
			if (!releases && ts.isCallExpression(n) && RELEASE.has(calleeName(n) ?? '')) releases = lineText(n, sf);
		});
		// `const release = await lock.acquire(); try { … } finally { release(); }`: a call of the acquired function.
		if (!releases) {
			const statements = ts.isBlock(node.parent) || ts.isSourceFile(node.parent) ? node.parent.statements : undefined;
			const before = statements?.[statements.indexOf(node) - 1];
			const call = before && statementCall(before);
			if (call && ACQUIRE.has(calleeName(call) ?? '') && ts.isVariableStatement(before)) {
				const binding = before.declarationList.declarations[0]!.name;
				walkOwn(node.finallyBlock, (n) => {
					if (!releases && ts.isCallExpression(n) && ts.isIdentifier(binding) && calleeName(n) === binding.text) releases = lineText(n, sf);
				});
			}
		}
		if (!releases) return;
		out.push({
			operator: 'ReleasingFinallyRemoved',
			description: `emptied the finally that runs ${releases}`,
			edits: [{ ...span(node.finallyBlock, sf), text: '{}' }],
		});
	});
	return out;
};

// ── Promise.all over a map → a sequential loop, and a sequential loop → Promise.all ─────────────────

function isPromiseAll(node: ts.Node): node is ts.CallExpression {
	if (!ts.isCallExpression(node) || node.arguments.length !== 1) return false;
	const callee = node.expression;
	return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && callee.name.text === 'all';
}

export const promiseAllToSequential: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (!isPromiseAll(node)) return;
		const arg = core(node.arguments[0]!);
		let text: string | undefined;
		if (ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && arg.expression.name.text === 'map' && arg.arguments.length === 1) {
			const items = arg.expression.expression.getText(sf);
			const fn = arg.arguments[0]!.getText(sf);
			text =
				`(async () => { const __items = ${items}; const __out = []; ` +
				`for (let __i = 0; __i < __items.length; __i++) __out.push(await (${fn})(__items[__i], __i, __items)); return __out; })()`;
		} else if (ts.isArrayLiteralExpression(arg) && arg.elements.some((e) => ts.isCallExpression(core(e)) || ts.isNewExpression(core(e)))) {
			if (arg.elements.some(ts.isSpreadElement)) return;
			text = `(async () => [${arg.elements.map((e) => `await (${e.getText(sf)})`).join(', ')}])()`;
		}
		if (!text) return;
		out.push({
			operator: 'PromiseAllToSequential',
			description: `${lineText(node, sf)} made sequential: each one starts after the last has finished`,
			edits: [{ ...span(node, sf), text }],
		});
	});
	return out;
};

export const sequentialToPromiseAll: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (!ts.isForOfStatement(node) || !ts.isVariableDeclarationList(node.initializer)) return;
		const declaration = node.initializer.declarations[0];
		if (!declaration || node.initializer.declarations.length !== 1) return;
		let awaits = false;
		let jumps = false;
		walkOwn(node.statement, (n) => {
			if (ts.isAwaitExpression(n)) awaits = true;
			if (ts.isReturnStatement(n) || ts.isBreakStatement(n) || ts.isContinueStatement(n)) jumps = true;
		});
		// `for await` over promises: each element is awaited inside its own task instead.
		if ((!awaits && !node.awaitModifier) || jumps) return;
		const binding = declaration.name.getText(sf);
		const body = ts.isBlock(node.statement) ? node.statement.getText(sf).slice(1, -1) : node.statement.getText(sf);
		const fn = node.awaitModifier ? `async (__item) => { const ${binding} = await __item;${body}}` : `async (${binding}) => {${body}}`;
		out.push({
			operator: 'SequentialToPromiseAll',
			description: `the loop ${lineText(node, sf).replace(/\s*\{$/, '')} runs its iterations all at once (Promise.all)`,
			edits: [{ ...span(node, sf), text: `await Promise.all(Array.from(${node.expression.getText(sf)}, ${fn}));` }],
		});
	});
	return out;
};

/**
 * Any other loop (`for (;;)`, `while`, `do`) whose awaits are all statements of their own (`await check(x);`):
 * each iteration starts its operation without waiting for it, and the loop's promises are awaited together
 * after it, as Promise.all would. Loops that `return` from inside, or use an awaited value, are left alone.
 */
export const loopToPromiseAll: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (!ts.isForStatement(node) && !ts.isWhileStatement(node) && !ts.isDoStatement(node)) return;
		if (!inBlock(node)) return;
		const awaits: ts.AwaitExpression[] = [];
		let plain = true;
		walkOwn(node.statement, (n) => {
			if (ts.isReturnStatement(n)) plain = false;
			if (ts.isAwaitExpression(n)) {
				if (ts.isExpressionStatement(n.parent)) awaits.push(n);
				else plain = false;
			}
		});
		if (!plain || awaits.length === 0) return;
		const start = node.getStart(sf);
		const inner = awaits.map((a) => ({ start: a.getStart(sf) - start, end: a.getEnd() - start, text: `__pending.push(${a.expression.getText(sf)})` }));
		const loop = applyEdits(node.getText(sf), inner);
		out.push({
			operator: 'SequentialToPromiseAll',
			description: `the loop ${lineText(node, sf).replace(/\s*\{$/, '')} starts every iteration's ${awaits.length === 1 ? 'await' : 'awaits'} at once and waits for all after it`,
			edits: [{ start, end: node.getEnd(), text: `{ const __pending: unknown[] = []; ${loop} await Promise.all(__pending); }` }],
		});
	});
	return out;
};

// ── remove a clean-up: terminate(), kill(), disconnect(), clearTimeout, removeListener/off ───────────

const CLEANUP_METHODS = new Set(['terminate', 'kill', 'disconnect', 'removeListener', 'removeAllListeners', 'off']);
const CLEANUP_FUNCTIONS = new Set(['clearTimeout', 'clearInterval']);

export const cleanupRemoved: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (!ts.isCallExpression(node)) return;
		const callee = node.expression;
		const method = ts.isPropertyAccessExpression(callee) && CLEANUP_METHODS.has(callee.name.text);
		const fn = (ts.isIdentifier(callee) && CLEANUP_FUNCTIONS.has(callee.text)) || (ts.isPropertyAccessExpression(callee) && CLEANUP_FUNCTIONS.has(callee.name.text));
		if (!method && !fn) return;
		// The whole statement when the call is one (`void worker.terminate();`), else the call alone becomes undefined.
		let wrapper: ts.Node = node;
		while (ts.isParenthesizedExpression(wrapper.parent) || ts.isAwaitExpression(wrapper.parent) || ts.isVoidExpression(wrapper.parent)) wrapper = wrapper.parent;
		const edit = ts.isExpressionStatement(wrapper.parent) ? removeStatement(wrapper.parent, sf) : { ...span(node, sf), text: 'undefined' };
		out.push({ operator: 'CleanupRemoved', description: `removed ${lineText(node, sf)}`, edits: [edit] });
	});
	return out;
};

// ── Atomics.wait / Atomics.notify → a timed poll ───────────────────────────────────────────────

/** Spins on the value instead of sleeping, with Atomics.wait's results and its optional timeout. */
const POLL =
	"((a, i, v, t = Infinity) => { if (Atomics.load(a, i) !== v) return 'not-equal'; const end = Date.now() + Number(t); " +
	"while (Atomics.load(a, i) === v) { if (Date.now() >= end) return 'timed-out'; } return 'ok'; })";

export const atomicsWaitToPoll: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const waits: ts.CallExpression[] = [];
	const notifies: ts.CallExpression[] = [];
	walk(sf, (node) => {
		const method = atomicsMethod(node);
		if (method === 'wait') waits.push(node as ts.CallExpression);
		if (method === 'notify') notifies.push(node as ts.CallExpression);
	});
	const poll = (call: ts.CallExpression): Edit => ({ ...span(call, sf), text: `${POLL}(${argsText(call, sf)})` });
	const silent = (call: ts.CallExpression): Edit => ({ ...span(call, sf), text: '0' });
	const out: Candidate[] = [];
	for (const call of waits) {
		out.push({ operator: 'AtomicsWaitToPoll', description: `${lineText(call, sf)} spins in a polling loop instead of sleeping`, edits: [poll(call)] });
	}
	for (const call of notifies) {
		out.push({ operator: 'AtomicsWaitToPoll', description: `${lineText(call, sf)} removed: a sleeper is never woken`, edits: [silent(call)] });
	}
	if (waits.length > 0 && notifies.length > 0) {
		out.push({
			operator: 'AtomicsWaitToPoll',
			description: 'every Atomics.wait polls in a loop and every Atomics.notify is gone: correct, but spinning',
			edits: [...waits.map(poll), ...notifies.map(silent)],
		});
	}
	return out;
};

// ── swap two adjacent statements that touch shared state ─────────────────────────────────────────

const SHARED_CALLS = new Set([...ACQUIRE, ...RELEASE, 'postMessage', 'send', 'notify', 'wait', 'get', 'set', 'push', 'shift', 'pop', 'terminate', 'kill', 'emit', 'write']);

/** Names declared inside `fn` (parameters, variables, functions): what is not among them is shared with others. */
function localNames(fn: ts.Node | undefined): Set<string> {
	const names = new Set<string>();
	if (!fn || ts.isSourceFile(fn)) return names;
	const addBinding = (name: ts.BindingName) => {
		if (ts.isIdentifier(name)) names.add(name.text);
		else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
	};
	if (isFunctionLike(fn)) for (const p of (fn as ts.FunctionLikeDeclaration).parameters) addBinding(p.name);
	walkOwn(fn, (n) => {
		if (ts.isVariableDeclaration(n)) addBinding(n.name);
	});
	return names;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
	for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
	return undefined;
}

const ASSIGNMENTS = new Set([
	ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
	ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.CaretEqualsToken,
]);

function touchesShared(statement: ts.Statement, locals: Set<string>, sf: ts.SourceFile): boolean {
	let shared = false;
	const target = (e: ts.Expression) => {
		const t = core(e);
		if (ts.isIdentifier(t) && !locals.has(t.text)) shared = true;
		if (ts.isElementAccessExpression(t) || ts.isPropertyAccessExpression(t)) shared = true;
	};
	walkOwn(statement, (n) => {
		if (shared) return;
		if (ts.isElementAccessExpression(n) || ts.isAwaitExpression(n)) shared = true;
		else if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) shared = true;
		else if (ts.isCallExpression(n) && (atomicsMethod(n) || SHARED_CALLS.has(calleeName(n) ?? ''))) shared = true;
		else if (ts.isBinaryExpression(n) && ASSIGNMENTS.has(n.operatorToken.kind)) target(n.left);
		else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) target(n.operand);
	});
	void sf;
	return shared;
}

function declaredNames(statement: ts.Statement): string[] {
	if (!ts.isVariableStatement(statement)) return [];
	const names: string[] = [];
	const add = (name: ts.BindingName) => {
		if (ts.isIdentifier(name)) names.push(name.text);
		else for (const element of name.elements) if (!ts.isOmittedExpression(element)) add(element.name);
	};
	for (const d of statement.declarationList.declarations) add(d.name);
	return names;
}

function mentions(statement: ts.Statement, names: string[]): boolean {
	if (names.length === 0) return false;
	let found = false;
	walk(statement, (n) => {
		if (ts.isIdentifier(n) && names.includes(n.text)) found = true;
	});
	return found;
}

export const sharedStatementsSwapped: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	walk(sf, (node) => {
		if (!ts.isBlock(node)) return;
		const locals = localNames(enclosingFunction(node.statements[0] ?? node));
		const simple = (s: ts.Statement) => ts.isExpressionStatement(s) || ts.isVariableStatement(s);
		for (let i = 0; i + 1 < node.statements.length; i++) {
			const a = node.statements[i]!;
			const b = node.statements[i + 1]!;
			if (!simple(a) || !simple(b)) continue;
			if (a.getText(sf) === b.getText(sf)) continue;
			// A swap that only reads a name before its declaration is a ReferenceError, not a race: skip it.
			if (mentions(b, declaredNames(a)) || mentions(a, declaredNames(b))) continue;
			if (!touchesShared(a, locals, sf) || !touchesShared(b, locals, sf)) continue;
			out.push({
				operator: 'SharedStatementsSwapped',
				description: `swapped ${lineText(a, sf)} and ${lineText(b, sf)}`,
				edits: [
					{ ...span(a, sf), text: b.getText(sf) },
					{ ...span(b, sf), text: a.getText(sf) },
				],
			});
		}
	});
	return out;
};

// ── change a worker or pool count ────────────────────────────────────────────────────────────────

const COUNT_NAME = /worker|thread|pool|size|lane|parallel|concurren|process|part/i;
const SPAWNS = /new Worker\(|\bfork\(|\bspawn\(|\bexecFile\(/;

function isCountLiteral(literal: ts.NumericLiteral, sf: ts.SourceFile): boolean {
	const parent = literal.parent;
	// Array.from({ length: 2 }, () => new Worker(...))
	if (ts.isPropertyAssignment(parent) && parent.name.getText(sf) === 'length' && ts.isObjectLiteralExpression(parent.parent)) {
		const call = parent.parent.parent;
		if (ts.isCallExpression(call) && call.arguments[1] && SPAWNS.test(call.arguments[1].getText(sf))) return true;
	}
	// for (let i = 0; i < 4; i++) { … new Worker(…) … }
	if (ts.isBinaryExpression(parent) && parent.right === literal && ts.isForStatement(parent.parent) && parent.parent.condition === parent) {
		return SPAWNS.test(parent.parent.statement.getText(sf));
	}
	// const workerCount = 4;  new Pool(4)
	if (ts.isVariableDeclaration(parent) && parent.initializer === literal) return COUNT_NAME.test(parent.name.getText(sf));
	if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && /pool/i.test(parent.expression.getText(sf))) return true;
	return false;
}

export const workerCountChanged: Operator = (source, { file }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	const push = (node: ts.Node, text: string) =>
		out.push({ operator: 'WorkerCountChanged', description: `${lineText(node, sf)} → ${text}`, edits: [{ ...span(node, sf), text }] });
	walk(sf, (node) => {
		if (ts.isCallExpression(node) && calleeName(node) === 'availableParallelism' && node.arguments.length === 0) {
			push(node, '1');
			push(node, '4');
		} else if (ts.isPropertyAccessExpression(node) && node.name.text === 'length' && ts.isCallExpression(node.expression) && calleeName(node.expression) === 'cpus') {
			push(node, '1');
			push(node, '4');
		} else if (ts.isNumericLiteral(node) && isCountLiteral(node, sf)) {
			const value = Number(node.text);
			if (value !== 1) push(node, '1');
			push(node, String(value + 1));
		}
	});
	return out;
};

// ── move a worker's work to the main thread ──────────────────────────────────────────────────────

/**
 * `new Worker(new URL('./w.js', import.meta.url), options)` becomes a stand-in that runs w.ts's code on the main
 * thread: a copy of w.ts whose `parentPort`/`workerData` come from an in-process channel instead of
 * `node:worker_threads`. Recognised: workers started from a file of the exercise with a literal URL, whose
 * script imports `parentPort`/`workerData` by name from 'node:worker_threads'. Not done: workers started
 * from a variable or an `eval` string, scripts that use other worker_threads APIs (MessageChannel,
 * receiveMessageOnPort, moving transfer lists), and child processes (fork/spawn).
 */
export const workerToMainThread: Operator = (source, { file, files = {} }) => {
	const sf = parse(source, file);
	const out: Candidate[] = [];
	const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
	walk(sf, (node) => {
		if (!ts.isNewExpression(node) || node.expression.getText(sf) !== 'Worker' || !node.arguments?.length) return;
		const url = node.arguments[0]!;
		if (!ts.isNewExpression(url) || url.expression.getText(sf) !== 'URL' || !url.arguments?.[0] || !ts.isStringLiteral(url.arguments[0])) return;
		const target = url.arguments[0].text;
		if (!target.startsWith('./') || !target.endsWith('.js')) return;
		const scriptPath = dir + target.slice(2).replace(/\.js$/, '.ts');
		const script = files[scriptPath];
		if (script === undefined) return;
		const inlined = inlineWorkerScript(script, scriptPath);
		if (inlined === undefined) return;
		const copyPath = scriptPath.replace(/\.ts$/, '.main-thread.ts');
		const copyUrl = `./${copyPath.slice(dir.length).replace(/\.ts$/, '.js')}`;
		const options = node.arguments[1] ? node.arguments[1].getText(sf) : 'undefined';
		out.push({
			operator: 'WorkerToMainThread',
			description: `${target}'s work runs on the main thread instead of in a worker`,
			edits: [{ ...span(node, sf), text: `${MAIN_THREAD_WORKER}(new URL('${copyUrl}', import.meta.url), ${options})` }],
			addFiles: { [copyPath]: inlined },
		});
	});
	return out;
};

/** A Worker look-alike: the script runs in this thread, messages go through an in-process channel. */
const MAIN_THREAD_WORKER = `((url, options) => {
	const { EventEmitter } = process.getBuiltinModule('node:events');
	const worker = new EventEmitter();
	const port = new EventEmitter();
	let alive = true;
	let loaded = false;
	const queued = [];
	const stop = (code) => { if (!alive) return; alive = false; port.removeAllListeners(); setImmediate(() => worker.emit('exit', code)); };
	const idle = () => { if (port.listenerCount('message') === 0) stop(0); };
	const deliver = (m) => setImmediate(() => { if (!alive) return; port.emit('message', m); idle(); });
	port.postMessage = (m) => { if (alive) setImmediate(() => worker.emit('message', m)); };
	port.close = () => stop(0);
	port.ref = port.unref = () => port;
	worker.postMessage = (m) => { if (!alive) return; if (loaded) deliver(m); else queued.push(m); };
	worker.terminate = async () => { stop(1); return 1; };
	worker.ref = worker.unref = () => worker;
	worker.threadId = 0;
	const key = String(Math.random()).slice(2);
	(globalThis.__concTutorMainThread ??= new Map()).set(key, { parentPort: port, workerData: options?.workerData });
	setImmediate(() => {
		worker.emit('online');
		import(url.href + '?main-thread=' + key).then(
			() => { loaded = true; if (queued.length > 0) queued.splice(0).forEach(deliver); else idle(); },
			(error) => { worker.emit('error', error); stop(1); },
		);
	});
	return worker;
})`;

/** The worker script with its worker_threads imports taken from the in-process channel; undefined if not recognisable. */
export function inlineWorkerScript(script: string, file: string): string | undefined {
	const sf = parse(script, file);
	const edits: Edit[] = [];
	let names: string[] | undefined;
	for (const statement of sf.statements) {
		if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
		if (!/^(node:)?worker_threads$/.test(statement.moduleSpecifier.text)) continue;
		const bindings = statement.importClause?.namedBindings;
		if (!bindings || !ts.isNamedImports(bindings) || statement.importClause?.name) return undefined;
		names = [];
		for (const element of bindings.elements) {
			const imported = (element.propertyName ?? element.name).text;
			if (element.isTypeOnly) continue;
			if (imported !== 'parentPort' && imported !== 'workerData' && imported !== 'isMainThread') return undefined;
			names.push(element.propertyName ? `${imported}: ${element.name.text}` : imported);
		}
		edits.push({
			start: statement.getStart(sf),
			end: statement.getEnd(),
			text: `const { ${names.join(', ')} } = { ...globalThis.__concTutorMainThread.get(new URL(import.meta.url).searchParams.get('main-thread')), isMainThread: false };`,
		});
	}
	return names ? applyEdits(script, edits) : undefined;
}

/** Every concurrency operator; none of them is ever sampled. */
export const concurrencyOperators: Operator[] = [
	awaitDropped,
	atomicsToLoadStore,
	lockPairRemoved,
	releasingFinallyRemoved,
	promiseAllToSequential,
	sequentialToPromiseAll,
	loopToPromiseAll,
	cleanupRemoved,
	atomicsWaitToPoll,
	sharedStatementsSwapped,
	workerCountChanged,
	workerToMainThread,
];

/** The names the concurrency operators give their mutants (the first part of a mutant's id). */
export const CONCURRENCY_OPERATORS = [
	'AwaitDropped', 'AtomicsToLoadStore', 'LockPairRemoved', 'ReleasingFinallyRemoved', 'PromiseAllToSequential', 'SequentialToPromiseAll',
	'CleanupRemoved', 'AtomicsWaitToPoll', 'SharedStatementsSwapped', 'WorkerCountChanged', 'WorkerToMainThread',
];
