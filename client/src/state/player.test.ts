import { describe, expect, it } from 'vitest';
import { EpochPlayer } from './player';

describe('EpochPlayer', () => {
  it('follows the newest record until grabbed, and again on follow()', () => {
    const p = new EpochPlayer();
    p.setLast(10);
    expect(p.epoch).toBe(10);
    p.step(-3);
    expect(p.epoch).toBe(7);
    p.setLast(20);
    expect(p.epoch).toBe(7); // grabbed: stays where the user put it
    p.follow();
    expect(p.epoch).toBe(20);
    p.setLast(25);
    expect(p.epoch).toBe(25);
  });

  it('plays a 30-epoch job at a few epochs per second from the start and stops at the end', () => {
    const p = new EpochPlayer();
    p.setLast(30);
    p.play();
    expect(p.epoch).toBe(0);
    expect(p.pace).toBe(3);
    p.tick(1);
    expect(p.epoch).toBe(3);
    for (let i = 0; i < 20; i++) p.tick(1);
    expect(p.epoch).toBe(30);
    expect(p.playing).toBe(false);
  });

  it('keeps fractional progress between frames and honours a chosen speed', () => {
    const p = new EpochPlayer();
    p.setLast(10_000);
    p.seek(0);
    p.setSpeed(30);
    p.play();
    for (let i = 0; i < 60; i++) p.tick(1 / 60);
    expect(p.epoch).toBe(30);
  });

  it('clamps seeks and steps to the records held', () => {
    const p = new EpochPlayer();
    p.setLast(5);
    p.seek(99);
    expect(p.epoch).toBe(5);
    p.step(-10);
    expect(p.epoch).toBe(0);
  });
});
