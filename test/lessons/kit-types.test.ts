// A pack author's check.ts type-checks in an editor (issue 18, item 14): `conc-tutor/kit` has
// declarations, found through package.json "exports" when conc-tutor is installed, and through the
// tsconfig.json that `lessons new` writes when it is not.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../source/paths.js';
import { scaffold } from '../../source/lessons/scaffold.js';

const root = mkdtempSync(path.join(tmpdir(), 'conc-tutor-kit-types-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const GOOD = `import { checks, defineExercise } from 'conc-tutor/kit';
export default defineExercise({
	async run(ctx) {
		ctx.report('answer', ctx.seed * 2);
	},
	checks: [checks.equal('answer', 'doubles the seed', 'answer', (run) => run.seed * 2), checks.noLeaks()],
});
`;
// A check built with a number for its id, and a run that reads a context field that does not exist.
const BAD = GOOD.replace("checks.equal('answer'", 'checks.equal(42').replace('ctx.seed * 2);', 'ctx.sead * 2);');

/** The type errors of `file`, compiled with the tsconfig.json of `dir`. */
function typeErrors(dir: string, file: string): string[] {
	const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
	const program = ts.createProgram([file], config.options);
	return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('types for conc-tutor/kit', () => {
	it('resolve through package.json "exports" where conc-tutor is installed', () => {
		const pack = path.join(root, 'installed');
		mkdirSync(path.join(pack, 'node_modules'), { recursive: true });
		symlinkSync(packageRoot(), path.join(pack, 'node_modules', 'conc-tutor'));
		const options = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(packageRoot(), 'node_modules/@types')] } };
		writeFileSync(path.join(pack, 'tsconfig.json'), JSON.stringify(options));
		writeFileSync(path.join(pack, 'package.json'), '{ "type": "module" }');
		writeFileSync(path.join(pack, 'good.ts'), GOOD);
		writeFileSync(path.join(pack, 'bad.ts'), BAD);
		expect(typeErrors(pack, path.join(pack, 'good.ts'))).toEqual([]);
		const errors = typeErrors(pack, path.join(pack, 'bad.ts'));
		expect(errors.some((e) => /'number' is not assignable to parameter of type 'string'/.test(e))).toBe(true);
		expect(errors.some((e) => /Property 'sead' does not exist/.test(e))).toBe(true);
	});

	it("resolve through the tsconfig.json that 'lessons new' writes, with nothing installed", () => {
		const pack = path.join(root, 'lessons');
		const written = scaffold(pack, 'my-topic', 'double-it');
		expect(written).toContain(path.join(pack, 'tsconfig.json'));
		const check = written.find((file) => file.endsWith('check.ts'))!;
		expect(typeErrors(pack, check)).toEqual([]);
		writeFileSync(check, BAD);
		expect(typeErrors(pack, check).some((e) => /Property 'sead' does not exist/.test(e))).toBe(true);
	});
});
