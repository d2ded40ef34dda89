// The solver worker: you do not need to change this file.
//
// It solves one chunk of puzzles per message, for as long as it lives:
//   in:  { start: number, puzzles: string[] }     (start = index of the chunk's first puzzle in the batch)
//   out: { start: number, solutions: string[] }   (solutions[i] solves puzzles[i]; null if it has none)
import { parentPort } from 'node:worker_threads';
import { solve } from './sudoku.js';

parentPort!.on('message', ({ start, puzzles }: { start: number; puzzles: string[] }) => {
	parentPort!.postMessage({ start, solutions: puzzles.map(solve) });
});
