import { describe, expect, it } from 'vitest';
import { StepSizer } from './step-sizer.js';

describe('StepSizer', () => {
  it('when steps run at the target, then the size stays at DELETE_CHUNK_MESSAGES', () => {
    const sizer = new StepSizer(2000, 4);
    sizer.record(2000, 4);
    expect(sizer.next).toBe(2000);
  });

  it('when steps run slow, then the size moves halfway to what fits the target, never below 500', () => {
    const sizer = new StepSizer(2000, 4);
    sizer.record(2000, 10); // ideal 800
    expect(sizer.next).toBe(1400);
    sizer.record(1400, 14); // ideal 400
    expect(sizer.next).toBe(900);
    sizer.record(900, 100); // ideal 36
    expect(sizer.next).toBe(500);
  });

  it('when steps speed up again, then the size grows back, never above DELETE_CHUNK_MESSAGES', () => {
    const sizer = new StepSizer(2000, 4);
    sizer.record(2000, 40);
    expect(sizer.next).toBe(1100);
    sizer.record(1100, 1);
    expect(sizer.next).toBe(2000);
  });

  it('when a step removes fewer messages than asked (the last chunk), then it teaches nothing', () => {
    const sizer = new StepSizer(2000, 4);
    sizer.record(10, 50);
    expect(sizer.next).toBe(2000);
  });

  it('when DELETE_CHUNK_MESSAGES is below 500, then every step removes exactly that many', () => {
    const sizer = new StepSizer(50, 4);
    sizer.record(50, 1000);
    expect(sizer.next).toBe(50);
  });

  it('when it restarts (a drain begins), then the next step removes 500, and the size grows back from what the steps measure', () => {
    const sizer = new StepSizer(20_000, 30);
    sizer.restart();
    expect(sizer.next).toBe(500);
    sizer.record(500, 3); // ideal 5,000
    expect(sizer.next).toBe(2750);
    sizer.record(2750, 5); // ideal 16,500
    expect(sizer.next).toBe(9625);
    sizer.record(9625, 10); // ideal 28,875
    expect(sizer.next).toBe(19_250);
  });
});
