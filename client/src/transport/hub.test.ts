import { describe, expect, it, vi } from 'vitest';
import type { Job, WatchPage, WireRecord } from '../types';

// A fake SignalR connection: the test plays the server, sending Watch's pages and live messages when it chooses.
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const state = { observer: null as null | { next(page: unknown): void; complete(): void; error(e: unknown): void } };
  const connection = {
    state: 'Disconnected',
    on: (name: string, handler: (...args: unknown[]) => void) => handlers.set(name, handler),
    onreconnected: () => undefined,
    start: async () => {
      connection.state = 'Connected';
    },
    invoke: async () => undefined,
    stream: () => ({
      subscribe: (observer: NonNullable<typeof state.observer>) => {
        state.observer = observer;
      },
    }),
  };
  return { handlers, state, connection };
});

vi.mock('@microsoft/signalr', () => ({
  HubConnectionBuilder: class {
    withUrl() {
      return this;
    }
    withAutomaticReconnect() {
      return this;
    }
    configureLogging() {
      return this;
    }
    build() {
      return fake.connection;
    }
  },
  HubConnectionState: { Connected: 'Connected', Disconnected: 'Disconnected' },
  LogLevel: { Warning: 3 },
}));

const { TrainingConnection } = await import('./hub');

const job = { id: 'j1', status: 'completed' } as Job;
const rec = (epoch: number): WireRecord => ({ epoch, loss: epoch, weights: [epoch], yhat: null });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TrainingConnection', () => {
  it('hands over each snapshot page as it arrives, then the live messages held meanwhile, in order', async () => {
    const seen: string[] = [];
    let releaseFirst!: () => void;
    const watching = new TrainingConnection().watch('j1', {
      snapshot: async (j, records) => {
        seen.push(`snapshot ${j.id} ${records.map((r) => r.epoch).join(',')}`);
        await new Promise<void>((r) => (releaseFirst = r)); // still taking the first page when the second arrives
      },
      more: (records) => void seen.push(`more ${records.map((r) => r.epoch).join(',')}`),
      complete: (j) => void seen.push(`complete ${j.id}`),
      epochs: (records) => void seen.push(`epochs ${records.map((r) => r.epoch).join(',')}`),
      status: (j) => void seen.push(`status ${j.status}`),
    });
    await tick();
    const observer = fake.state.observer!;
    observer.next({ job, records: [rec(0), rec(1)] } satisfies WatchPage);
    await tick();
    expect(seen).toEqual(['snapshot j1 0,1']); // drawn before the other pages came
    observer.next({ job: null, records: [rec(2)] });
    fake.handlers.get('Epochs')!('j1', [rec(3)]);
    observer.complete();
    await tick();
    expect(seen).toEqual(['snapshot j1 0,1']); // the second page waits for the first to be taken
    releaseFirst();
    await watching;
    fake.handlers.get('Epochs')!('j1', [rec(4)]);
    expect(seen).toEqual(['snapshot j1 0,1', 'more 2', 'complete j1', 'epochs 3', 'epochs 4']);
  });

  it('refuses a snapshot without a job', async () => {
    const noop = () => undefined;
    const watching = new TrainingConnection().watch('j2', { snapshot: noop, more: noop, complete: noop, epochs: noop, status: noop });
    await tick();
    fake.state.observer!.next({ job: null, records: [] });
    fake.state.observer!.complete();
    await expect(watching).rejects.toThrow('sent no job');
  });
});
