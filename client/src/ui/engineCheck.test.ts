import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/i18n';
import { engineReason } from './engineCheck';

const debian12 = { reason: "libtorch (TorchSharp's native shim) needs glibc 2.38 / GLIBCXX_3.4.32 …", reasonCode: 'libstdcxx' };

describe('engineReason', () => {
  afterEach(() => setLanguage('en', false));

  it('gives the English page the server\'s own reason', () => {
    expect(engineReason(debian12)).toBe(debian12.reason);
  });

  it('words the Korean page\'s reason from the server\'s code, with no English in it', () => {
    setLanguage('ko', false);
    const text = engineReason(debian12);
    expect(text).toContain('glibc 2.38');
    expect(text).toMatch(/[가-힣]/);
    expect(text).not.toMatch(/\b(needs|system|this|has|without)\b/);
  });

  it('says the server gave no reason it knows rather than show English on the Korean page', () => {
    setLanguage('ko', false);
    expect(engineReason({ reason: 'something new', reasonCode: 'brand-new' })).toBe('서버가 이유를 알려 주지 않았습니다.');
  });
});
