// Where the tests find the checkout, the fixture packs and the built CLI.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shellPack = path.join(repoRoot, 'test/fixtures/shell-pack');
export const brokenPack = path.join(repoRoot, 'test/fixtures/broken-pack');
export const graderPack = path.join(repoRoot, 'test/fixtures/grader-pack');
export const builtCli = path.join(repoRoot, 'dist/cli.js');
