import { containsBsnLikeValue, isBsnPlaceholder, maskBsnLikeValues, passesElfproef } from '../../schemas/bsn.ts';

describe('BSN recognition', () => {
  it('accepts 9-digit numbers that pass the elfproef and rejects others', () => {
    expect(passesElfproef('111222333')).toBe(true);
    expect(passesElfproef('123456782')).toBe(true);
    expect(passesElfproef('123456789')).toBe(false);
    expect(passesElfproef('12345678')).toBe(false);
    expect(passesElfproef('000000000')).toBe(false);
  });

  it('knows the CBS placeholders', () => {
    expect(isBsnPlaceholder('999999999')).toBe(true);
    expect(isBsnPlaceholder('111222333')).toBe(false);
  });

  it('finds and masks BSN-like runs inside text, leaving other digits alone', () => {
    expect(containsBsnLikeValue('client 111222333 moved')).toBe(true);
    expect(containsBsnLikeValue('1112223330')).toBe(false);
    expect(maskBsnLikeValues('a 111222333 b 123456789')).toBe('a ********* b 123456789');
  });
});
