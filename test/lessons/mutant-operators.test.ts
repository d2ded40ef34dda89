// Each concurrency mutation operator: input source → the exact mutated sources it produces.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../source/mutants/edits.js';
import { formatHunk, hunkOf, mutantHash } from '../../source/mutants/generate.js';
import {
	atomicsToLoadStore,
	atomicsWaitToPoll,
	awaitDropped,
	cleanupRemoved,
	inlineWorkerScript,
	lockPairRemoved,
	loopToPromiseAll,
	parse,
	promiseAllToSequential,
	releasingFinallyRemoved,
	sequentialToPromiseAll,
	sharedStatementsSwapped,
	workerCountChanged,
	workerToMainThread,
	type Operator,
} from '../../source/mutants/operators.js';

function mutate(operator: Operator, source: string, files?: Record<string, string>): string[] {
	return operator(source, { file: 'x.ts', files }).map((candidate) => {
		const out = applyEdits(source, candidate.edits);
		// Every mutant is still TypeScript: a syntax error would be "killed" by the compiler, not by a check.
		const diagnostics = (parse(out) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
		expect(diagnostics, out).toEqual([]);
		return out;
	});
}

describe('AwaitDropped', () => {
	it('drops each await on its own', () => {
		const src = 'async function f(a) {\n\tconst v = await a.get();\n\tawait a.set(v + 1);\n}';
		expect(mutate(awaitDropped, src)).toEqual([
			'async function f(a) {\n\tconst v = a.get();\n\tawait a.set(v + 1);\n}',
			'async function f(a) {\n\tconst v = await a.get();\n\ta.set(v + 1);\n}',
		]);
	});
	it('finds nothing in code without await', () => {
		expect(mutate(awaitDropped, 'function f() { return 1; }')).toEqual([]);
	});
});

describe('AtomicsToLoadStore', () => {
	it('splits Atomics.add into a load and a store that still returns the old value', () => {
		const out = mutate(atomicsToLoadStore, 'Atomics.add(counter, 0, 1);');
		expect(out).toEqual(['((a, i, v) => { const old = a[i]; a[i] = old + v; return old; })(counter, 0, 1);']);
		const counter = new Int32Array(1);
		counter[0] = 5;
		expect(new Function('counter', `return ${out[0]}`)(counter)).toBe(5);
		expect(counter[0]).toBe(6);
	});
	it('splits compareExchange, keeping its semantics on one thread', () => {
		const out = mutate(atomicsToLoadStore, 'while (Atomics.compareExchange(s, 0, 0, 1) !== 0) {}');
		expect(out).toEqual(['while (((a, i, expected, v) => { const old = a[i]; if (old === expected) a[i] = v; return old; })(s, 0, 0, 1) !== 0) {}']);
	});
	it('leaves load, store, wait and notify alone', () => {
		expect(mutate(atomicsToLoadStore, 'Atomics.store(s, 0, 1); Atomics.load(s, 0); Atomics.notify(s, 0);')).toEqual([]);
	});
});

describe('LockPairRemoved', () => {
	it('removes a lock() and the unlock() of the same lock in the finally', () => {
		const src = 'function f(m) {\n\tm.lock();\n\ttry {\n\t\twork();\n\t} finally {\n\t\tm.unlock();\n\t}\n}';
		expect(mutate(lockPairRemoved, src)).toEqual(['function f(m) {\n\t\n\ttry {\n\t\twork();\n\t} finally {\n\t\t\n\t}\n}']);
	});
	it('pairs nested locks by their receiver', () => {
		const src = 'a.lock();\ntry {\n\tb.lock();\n\ttry { x(); } finally { b.unlock(); }\n} finally { a.unlock(); }';
		expect(mutate(lockPairRemoved, src)).toEqual([
			'\ntry {\n\tb.lock();\n\ttry { x(); } finally { b.unlock(); }\n} finally {  }',
			'a.lock();\ntry {\n\t\n\ttry { x(); } finally {  }\n} finally { a.unlock(); }',
		]);
	});
	it('pairs `const release = await lock.acquire()` with `release()`', () => {
		const src = 'async function f() {\n\tconst release = await lock.acquire();\n\ttry { await g(); } finally { release(); }\n}';
		expect(mutate(lockPairRemoved, src)).toEqual(['async function f() {\n\t\n\ttry { await g(); } finally {  }\n}']);
	});
	it('needs a release to pair with', () => {
		expect(mutate(lockPairRemoved, 'm.lock(); work();')).toEqual([]);
	});
});

describe('ReleasingFinallyRemoved', () => {
	it('empties a finally that unlocks', () => {
		expect(mutate(releasingFinallyRemoved, 'm.lock();\ntry { work(); } finally { m.unlock(); }')).toEqual(['m.lock();\ntry { work(); } finally {}']);
	});
	it('empties a finally that calls the acquired release function', () => {
		const src = 'async function f() { const done = await l.acquire(); try { await g(); } finally { done(); } }';
		expect(mutate(releasingFinallyRemoved, src)).toEqual(['async function f() { const done = await l.acquire(); try { await g(); } finally {} }']);
	});
	it('leaves a finally that releases nothing', () => {
		expect(mutate(releasingFinallyRemoved, 'try { a(); } finally { log(); }')).toEqual([]);
	});
});

describe('PromiseAllToSequential', () => {
	it('turns Promise.all over a map into a loop that awaits each call in turn', async () => {
		const out = mutate(promiseAllToSequential, 'const r = await Promise.all(xs.map((x) => load(x)));');
		expect(out).toEqual([
			'const r = await (async () => { const __items = xs; const __out = []; for (let __i = 0; __i < __items.length; __i++) __out.push(await ((x) => load(x))(__items[__i], __i, __items)); return __out; })();',
		]);
		// Runs one at a time: never two in flight.
		let inFlight = 0;
		let most = 0;
		const load = async (x: number) => {
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 1));
			inFlight--;
			return x * 2;
		};
		const run = new Function('xs', 'load', `return (async () => { ${out[0]} return r; })()`);
		expect(await run([1, 2, 3], load)).toEqual([2, 4, 6]);
		expect(most).toBe(1);
	});
	it('awaits the calls of an array literal one after another', () => {
		expect(mutate(promiseAllToSequential, 'return Promise.all([burn(ms), burn(ms)]);')).toEqual(['return (async () => [await (burn(ms)), await (burn(ms))])();']);
	});
	it('leaves Promise.all over promises already started', () => {
		expect(mutate(promiseAllToSequential, 'await Promise.all(pending);')).toEqual([]);
	});
});

describe('SequentialToPromiseAll', () => {
	it('turns a for…of loop with an await into Promise.all over its iterations', () => {
		const src = 'async function f(urls) {\n\tfor (const url of urls) {\n\t\tawait fetchOne(url);\n\t}\n}';
		expect(mutate(sequentialToPromiseAll, src)).toEqual([
			'async function f(urls) {\n\tawait Promise.all(Array.from(urls, async (url) => {\n\t\tawait fetchOne(url);\n\t}));\n}',
		]);
	});
	it('awaits each element inside its own task for a for await…of', () => {
		const src = 'async function f(ps) { for await (const p of ps) { use(p); } }';
		expect(mutate(sequentialToPromiseAll, src)).toEqual(['async function f(ps) { await Promise.all(Array.from(ps, async (__item) => { const p = await __item; use(p); })); }']);
	});
	it('skips loops that break, continue or return, and loops without an await', () => {
		expect(mutate(sequentialToPromiseAll, 'async function f(xs) { for (const x of xs) { if (await ok(x)) return x; } }')).toEqual([]);
		expect(mutate(sequentialToPromiseAll, 'function f(xs) { for (const x of xs) use(x); }')).toEqual([]);
	});
});

describe('SequentialToPromiseAll, other loops', () => {
	it('starts the awaited call of every iteration at once, and awaits them all after the loop', async () => {
		const src = 'async function f(people, check) {\n\tlet i = 0;\n\twhile (i < people.length) {\n\t\tawait check(people[i++]);\n\t}\n}';
		const out = mutate(loopToPromiseAll, src);
		expect(out).toEqual([
			'async function f(people, check) {\n\tlet i = 0;\n\t{ const __pending: unknown[] = []; while (i < people.length) {\n\t\t__pending.push(check(people[i++]));\n\t} await Promise.all(__pending); }\n}',
		]);
		// The reference checks one person at a time; the mutant has them all in flight, and still waits for all.
		let inFlight = 0;
		let most = 0;
		let finished = 0;
		const check = async () => {
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 1));
			inFlight--;
			finished++;
		};
		const run = new Function('people', 'check', `return (${out[0]!.replace(': unknown[]', '').replace('async function f(people, check) ', 'async () => ')})();`);
		await run([1, 2, 3], check);
		expect({ most, finished }).toEqual({ most: 3, finished: 3 });
	});
	it('also for a for (;;) loop whose await sits in an if', () => {
		const src = 'for (let s = 0; s < n; s += k) {\n\twork(s);\n\tif (s > 0) await nextTurn();\n}';
		expect(mutate(loopToPromiseAll, src)).toEqual([
			'{ const __pending: unknown[] = []; for (let s = 0; s < n; s += k) {\n\twork(s);\n\tif (s > 0) __pending.push(nextTurn());\n} await Promise.all(__pending); }',
		]);
	});
	it('leaves loops that use an awaited value or return from inside', () => {
		expect(mutate(loopToPromiseAll, 'async function f() { while (more) { const x = await next(); use(x); } }')).toEqual([]);
		expect(mutate(loopToPromiseAll, 'async function f() { for (;;) { await tick(); if (done) return; } }')).toEqual([]);
	});
});

describe('CleanupRemoved', () => {
	it('removes terminate, kill, disconnect, clearTimeout and off calls', () => {
		const src = 'void worker.terminate();\nchild.kill("SIGKILL");\nchild.disconnect();\nclearTimeout(timer);\nemitter.off("x", f);\nemitter.removeListener("y", g);';
		const out = mutate(cleanupRemoved, src);
		expect(out).toHaveLength(6);
		expect(out[0]).toBe('\nchild.kill("SIGKILL");\nchild.disconnect();\nclearTimeout(timer);\nemitter.off("x", f);\nemitter.removeListener("y", g);');
		expect(out[3]).toBe('void worker.terminate();\nchild.kill("SIGKILL");\nchild.disconnect();\n\nemitter.off("x", f);\nemitter.removeListener("y", g);');
	});
	it('replaces a clean-up inside an expression with undefined', () => {
		expect(mutate(cleanupRemoved, 'await Promise.all(workers.map((w) => w.terminate()));')).toEqual(['await Promise.all(workers.map((w) => undefined));']);
	});
	it('keeps an if without braces valid', () => {
		expect(mutate(cleanupRemoved, 'if (t) clearTimeout(t);')).toEqual(['if (t) ;']);
	});
});

describe('AtomicsWaitToPoll', () => {
	it('makes each wait spin, drops each notify, and does both at once', () => {
		const src = 'Atomics.wait(s, 0, 1);\nAtomics.notify(s, 0, 1);';
		const out = mutate(atomicsWaitToPoll, src);
		expect(out).toHaveLength(3);
		expect(out[0]).toMatch(/^\(\(a, i, v, t = Infinity\) => \{ if \(Atomics\.load\(a, i\) !== v\) return 'not-equal';.*\}\)\(s, 0, 1\);\nAtomics\.notify\(s, 0, 1\);$/);
		expect(out[1]).toBe('Atomics.wait(s, 0, 1);\n0;');
		expect(out[2]).toMatch(/\}\)\(s, 0, 1\);\n0;$/);
	});
	it('the poll returns what Atomics.wait would', () => {
		const [out] = mutate(atomicsWaitToPoll, 'r = Atomics.wait(s, 0, 1, 20);');
		const s = new Int32Array(new SharedArrayBuffer(4));
		expect(new Function('s', `let r; ${out} return r;`)(s)).toBe('not-equal');
		s[0] = 1;
		expect(new Function('s', `let r; ${out} return r;`)(s)).toBe('timed-out');
	});
});

describe('SharedStatementsSwapped', () => {
	it('swaps two adjacent statements that both touch shared state', () => {
		const src = 'function f(b, from, to, n) {\n\tb[from] = b[from] - n;\n\tb[to] = b[to] + n;\n}';
		expect(mutate(sharedStatementsSwapped, src)).toEqual(['function f(b, from, to, n) {\n\tb[to] = b[to] + n;\n\tb[from] = b[from] - n;\n}']);
	});
	it('swaps a release and the write it protects', () => {
		const src = 'function f() {\n\tcount = count + 1;\n\tm.unlock();\n}';
		expect(mutate(sharedStatementsSwapped, src)).toEqual(['function f() {\n\tm.unlock();\n\tcount = count + 1;\n}']);
	});
	it('leaves statements on local variables, and a declaration with its use', () => {
		expect(mutate(sharedStatementsSwapped, 'function f() {\n\tlet a = 1;\n\ta++;\n\tlet b = 2;\n}')).toEqual([]);
		expect(mutate(sharedStatementsSwapped, 'function f(s) {\n\tconst v = s[0];\n\ts[1] = v;\n}')).toEqual([]);
	});
});

describe('WorkerCountChanged', () => {
	it('sets availableParallelism() to 1 and to a constant', () => {
		expect(mutate(workerCountChanged, 'const size = Math.min(availableParallelism(), n);')).toEqual([
			'const size = Math.min(1, n);',
			'const size = Math.min(4, n);',
		]);
	});
	it('changes os.cpus().length and a count literal of workers', () => {
		expect(mutate(workerCountChanged, 'const n = os.cpus().length;')).toEqual(['const n = 1;', 'const n = 4;']);
		expect(mutate(workerCountChanged, 'const ws = Array.from({ length: 2 }, () => new Worker(u));')).toEqual([
			'const ws = Array.from({ length: 1 }, () => new Worker(u));',
			'const ws = Array.from({ length: 3 }, () => new Worker(u));',
		]);
		expect(mutate(workerCountChanged, 'const poolSize = 4;')).toEqual(['const poolSize = 1;', 'const poolSize = 5;']);
	});
	it('leaves other numbers alone', () => {
		expect(mutate(workerCountChanged, 'const limit = 100; for (let i = 0; i < 10; i++) sum += i;')).toEqual([]);
	});
});

describe('WorkerToMainThread', () => {
	const script = "import { parentPort, workerData } from 'node:worker_threads';\nparentPort!.postMessage(workerData * 2);\n";
	it('rewrites the worker script to take parentPort and workerData from an in-process channel', () => {
		const out = inlineWorkerScript(script, 'w.ts');
		expect(out).toBe(
			"const { parentPort, workerData } = { ...globalThis.__concTutorMainThread.get(new URL(import.meta.url).searchParams.get('main-thread')), isMainThread: false };\nparentPort!.postMessage(workerData * 2);\n",
		);
	});
	it('starts the copy on the main thread instead of a Worker', () => {
		const src = "const w = new Worker(new URL('./w.js', import.meta.url), { workerData: 21 });";
		const candidates = workerToMainThread(src, { file: 'x.ts', files: { 'w.ts': script } });
		expect(candidates).toHaveLength(1);
		expect(candidates[0]!.addFiles).toEqual({ 'w.main-thread.ts': inlineWorkerScript(script, 'w.ts') });
		const out = applyEdits(src, candidates[0]!.edits);
		expect(out).toMatch(/^const w = \(\(url, options\) => \{[\s\S]*\}\)\(new URL\('\.\/w\.main-thread\.js', import\.meta\.url\), \{ workerData: 21 \}\);$/);
	});
	it('the stand-in runs the script on this thread: messages both ways, then exit', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'conc-tutor-w2m-'));
		try {
			const js = "import { parentPort, workerData } from 'node:worker_threads';\nparentPort.once('message', (n) => parentPort.postMessage([n + workerData, threadId()]));\nfunction threadId() { return globalThis.__mainThreadMark; }\n";
			const src = "export function run() {\n\tconst w = new Worker(new URL('./w.js', import.meta.url), { workerData: 41 });\n\tw.postMessage(1);\n\treturn new Promise((resolve) => w.once('message', (m) => w.once('exit', (code) => resolve([m, code]))));\n}\n";
			const [candidate] = workerToMainThread(src, { file: 'main.ts', files: { 'w.ts': js } });
			writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
			writeFileSync(path.join(dir, 'main.js'), applyEdits(src, candidate!.edits));
			writeFileSync(path.join(dir, 'w.main-thread.js'), candidate!.addFiles!['w.main-thread.ts']!);
			// In a plain node process (vitest's module runner rewrites import.meta.url, the stand-in's key).
			writeFileSync(path.join(dir, 'runner.js'), "globalThis.__mainThreadMark = 'this thread';\nconst { run } = await import('./main.js');\nconsole.log(JSON.stringify(await run()));\n");
			const out = execFileSync(process.execPath, [path.join(dir, 'runner.js')], { encoding: 'utf8', timeout: 20_000 });
			expect(JSON.parse(out)).toEqual([[42, 'this thread'], 0]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
	it('does not recognise scripts that use other worker_threads APIs, or workers from a variable', () => {
		expect(inlineWorkerScript("import { MessageChannel, parentPort } from 'node:worker_threads';", 'w.ts')).toBeUndefined();
		expect(workerToMainThread('new Worker(file);', { file: 'x.ts', files: {} })).toEqual([]);
	});
});

describe('mutant ids and diffs', () => {
	it('a hunk is the changed lines; its hash ignores where they are in the file', () => {
		const hunk = hunkOf('bank.ts', 'a\nif (x < y) f();\nb', 'a\nif (x <= y) f();\nb');
		expect(hunk).toEqual({ file: 'bank.ts', line: 2, removed: ['if (x < y) f();'], added: ['if (x <= y) f();'] });
		const moved = hunkOf('bank.ts', 'z\nz\na\nif (x < y) f();\nb', 'z\nz\na\nif (x <= y) f();\nb');
		expect(moved.line).toBe(4);
		expect(mutantHash(moved)).toBe(mutantHash(hunk));
		expect(formatHunk(hunk)).toEqual(['--- bank.ts (reference)', '+++ bank.ts (mutant)', '@@ -2,1 +2,1 @@', '-if (x < y) f();', '+if (x <= y) f();']);
	});
});
