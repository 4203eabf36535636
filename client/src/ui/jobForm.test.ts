import { describe, expect, it } from 'vitest';
import { formatLayers, parseLayers } from './jobForm';

describe('layers text', () => {
  it('reads the nn.Sequential the way a student writes it', () => {
    expect(parseLayers('linear 2, ReLU, Linear(1), sigmoid')).toEqual([{ linear: 2 }, 'relu', { linear: 1 }, 'sigmoid']);
  });

  it('round-trips through the text form', () => {
    const layers = [{ linear: 8 }, 'tanh', { linear: 1 }];
    expect(parseLayers(formatLayers(layers))).toEqual(layers);
  });

  it('leaves unknown words for the server to name', () => {
    expect(parseLayers('dense 3')).toEqual(['dense 3']);
  });
});
