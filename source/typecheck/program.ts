// The type checker's own process (dist/typecheck.js): TypeScript's checker over one exercise folder, with
// the workspace's settings, printed as JSON. A process of its own because checking takes a second or two
// of CPU that must not freeze the tutor, and it runs only after the verdict, never next to a grading run.
import path from 'node:path';
import ts from 'typescript';
import { editorCompilerOptions } from '../workspace/editor-config.js';
import type { TypeIssue } from './typecheck.js';

const [dir, limitArg] = process.argv.slice(2);
if (!dir) {
	console.error('usage: typecheck.js <exercise-folder> [limit]');
	process.exit(2);
}
const limit = Number(limitArg ?? 3);
const options = ts.convertCompilerOptionsFromJson(editorCompilerOptions(), dir).options;
const files = ts.sys.readDirectory(dir, ['.ts'], ['node_modules'], undefined);
const program = ts.createProgram(files, options);
const issues: TypeIssue[] = [];
let total = 0;
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
	if (!diagnostic.file?.fileName.startsWith(dir + path.sep)) continue;
	total++;
	if (issues.length >= limit) continue;
	const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
	issues.push({
		file: path.relative(dir, diagnostic.file.fileName),
		line: line + 1,
		column: character + 1,
		message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
	});
}
process.stdout.write(JSON.stringify({ total, issues }));
