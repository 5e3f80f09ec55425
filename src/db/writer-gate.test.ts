import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.js';
import { WriterGate } from './writer-gate.js';

/**
 * A background thread that takes one turn at the gate (waiting up to `maxWaitMs` for the writes),
 * says so, and holds the turn until told to end it. It runs the built gate, as the reclaim thread does.
 */
const TURN_TAKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WriterGate } = require(workerData.module);
const gate = new WriterGate(workerData.buffer);
parentPort.postMessage(gate.takeTurn(workerData.maxWaitMs) ? 'turn' : 'stopped');
parentPort.once('message', () => {
  gate.endTurn();
  parentPort.close();
});
`;
const GATE_MODULE = path.join(PACKAGE_ROOT, 'dist', 'src', 'db', 'writer-gate.js');

function turnTaker(gate: WriterGate, maxWaitMs: number) {
  const worker = new Worker(TURN_TAKER, {
    eval: true,
    workerData: { module: GATE_MODULE, buffer: gate.buffer, maxWaitMs },
  });
  const said: string[] = [];
  worker.on('message', (message: string) => said.push(message));
  return {
    said,
    /** Ends the turn and the thread. */
    end: async () => {
      const exited = once(worker, 'exit');
      worker.postMessage('end');
      await exited;
    },
  };
}

/** Asserts that a counted write does not begin while `taker` holds its turn, and begins once that turn ends. */
async function expectBeginsAfter(gate: WriterGate, taker: { end(): Promise<void> }): Promise<void> {
  let began = false;
  const beginning = gate.noStep().then(() => {
    began = true;
  });
  await sleep(50);
  expect(began).toBe(false);

  await taker.end();
  await beginning;
  expect(began).toBe(true);
}

describe('WriterGate', () => {
  it('when a write comes during a step, then it waits until the step ends, and the next step waits until the write is over', async () => {
    const gate = new WriterGate();
    const taker = turnTaker(gate, 10_000);
    await expect.poll(() => taker.said).toEqual(['turn']);
    gate.enter();
    await expectBeginsAfter(gate, taker);

    const next = turnTaker(gate, 10_000);
    await sleep(50);
    expect(next.said).toEqual([]);
    gate.leave();
    await expect.poll(() => next.said).toEqual(['turn']);
    await next.end();
  });

  it('when the writes never pause, then a step still gets its turn once it waited its longest, and a write queued meanwhile begins only after that step', async () => {
    const gate = new WriterGate();
    gate.enter();
    const taker = turnTaker(gate, 30);
    await expect.poll(() => taker.said).toEqual(['turn']);
    await expectBeginsAfter(gate, taker);
    gate.leave();
  });

  it('when stop was asked, then no turn is taken until the gate is reopened', async () => {
    const gate = new WriterGate();
    gate.enter();
    const waiting = turnTaker(gate, 10_000);
    await sleep(20);
    gate.stop();
    await expect.poll(() => waiting.said).toEqual(['stopped']);
    gate.leave();
    await waiting.end();

    expect(gate.takeTurn(0)).toBe(false);
    gate.reopen();
    expect(gate.takeTurn(0)).toBe(true);
    gate.endTurn();
  });

  it('when the stepping thread ends mid-step, then release lets the writes in', async () => {
    const gate = new WriterGate();
    expect(gate.takeTurn(0)).toBe(true);
    gate.enter();
    await expectBeginsAfter(gate, { end: async () => gate.release() });
    gate.leave();
  });

  it('when a request begins, then the stepping thread sees traffic for the window, and none after it', async () => {
    const gate = new WriterGate();
    expect(gate.sawTraffic(40)).toBe(false);
    gate.noteRequest();
    expect(gate.sawTraffic(40)).toBe(true);
    await sleep(60);
    expect(gate.sawTraffic(40)).toBe(false);
  });
});
