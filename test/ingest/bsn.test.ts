import {
  containsBsnShapedNumber,
  findBsnShapedNumbers,
  isBsnPlaceholder,
  maskBsnShapedNumbers,
  passesElfproef,
} from '../../schemas/bsn.ts';

describe('BSN recognition', () => {
  it('accepts 9-digit numbers that pass the elfproef and rejects others', () => {
    expect(passesElfproef('111222333')).toBe(true);
    expect(passesElfproef('123456782')).toBe(true);
    expect(passesElfproef('012345672')).toBe(true);
    expect(passesElfproef('123456789')).toBe(false);
    expect(passesElfproef('12345678')).toBe(false);
    expect(passesElfproef('000000000')).toBe(false);
  });

  it('knows the CBS placeholders', () => {
    expect(isBsnPlaceholder('999999999')).toBe(true);
    expect(isBsnPlaceholder('111222333')).toBe(false);
  });
});

describe('the BSN detector', () => {
  // 111222333, 123456782 and 012345672 pass the elfproef; 123456789 and 111222334 do not.
  const grouped = [
    '111222333',
    '111.222.333',
    '123-456-782',
    '111_222_333',
    '111 222 333',
    '1112.22.333',
    '111.222-333',
    '111_222 333',
    '111\u00a0222\u00a0333',
  ];

  it('finds 9 digits passing the elfproef, together or grouped by . - _ space (and mixed), in text and in ids', () => {
    for (const value of grouped) {
      expect([value, containsBsnShapedNumber(value, 'text')]).toEqual([value, true]);
      expect([value, containsBsnShapedNumber(value, 'id')]).toEqual([value, true]);
      expect([value, containsBsnShapedNumber(`T-${value}`, 'id')]).toEqual([value, true]); // letters do not protect
      expect([value, containsBsnShapedNumber(`Cliënt ${value} stopte.`)]).toEqual([value, true]);
    }
  });

  it('leaves 9 digits failing the elfproef alone in text, but refuses an id that is such a number as a whole', () => {
    for (const value of ['123456789', '123.456.789', '123-456-789', '111_222_334', '111 222 334', '999999999']) {
      expect([value, containsBsnShapedNumber(value, 'text')]).toEqual([value, false]);
      expect([value, findBsnShapedNumbers(value, 'id')]).toEqual([value, [{ start: 0, end: value.length, shape: 'id_nine_digits' }]]);
      expect([value, containsBsnShapedNumber(`T-${value}`, 'id')]).toEqual([value, false]); // part of a longer reference
    }
  });

  it('refuses an 8-digit id that is a valid BSN once Excel’s dropped leading zero is put back, and no other', () => {
    for (const value of ['12345672', '12.345.672', '1234-5672', '12 345 672']) {
      expect([value, findBsnShapedNumbers(value, 'id')]).toEqual([value, [{ start: 0, end: value.length, shape: 'id_leading_zero' }]]);
      expect([value, containsBsnShapedNumber(value, 'text')]).toEqual([value, false]);
    }
    for (const value of ['11222333', '12345678', '11.222.333'])
      expect([value, containsBsnShapedNumber(value, 'id')]).toEqual([value, false]);
  });

  it('lets the values of a record and of ordinary text through: dates, postcodes, product, AGB and phone numbers, amounts', () => {
    const allowed = [
      // Dates in each accepted form; 2025-01-01 is even a BSN with a leading zero (020250101).
      '2025-01-31',
      '2025-01-01',
      '20250101',
      '01-01-2025',
      '31-01-2025',
      'van 2025-01-01 tot 2025-06-30',
      '2511 AB',
      '2511AB',
      'GM0518',
      '0518',
      '45A01',
      '54',
      '98000010',
      '98000007' /* 098000007 passes */,
      '06-12345678',
      '070 123 4567',
      '+31 6 12345678',
      '€ 1.234.567,89',
      '€ 123.456.789,00',
      '1112223330',
      '111.222.3330',
      'T-1',
      'TR-2025H2-000001',
      '98000010-2025-H2-5',
      'T-2025-0042',
      `p1:${'a'.repeat(64)}`,
    ];
    for (const value of allowed) expect([value, containsBsnShapedNumber(value, 'text')]).toEqual([value, false]);
    // Ids that are no 8- or 9-digit number as a whole only get the text rule.
    for (const value of ['T-1', 'TR-2025H2-000001', '98000010-2025-H2-5', 'T-2025-0042', '1234567', '1234567890']) {
      expect([value, containsBsnShapedNumber(value, 'id')]).toEqual([value, false]);
    }
  });

  it('cannot be hidden by digits written in front', () => {
    expect(containsBsnShapedNumber('12 111 222 333')).toBe(true);
    expect(containsBsnShapedNumber('123 456 111 222 333')).toBe(true); // 123 456 111 fails, 111 222 333 follows
  });

  it('masks each digit of every BSN-shaped number and keeps separators and other digits', () => {
    expect(maskBsnShapedNumbers('a 111222333 b 123456789')).toBe('a ********* b 123456789');
    expect(maskBsnShapedNumbers('111.222.333 en 123-456-782 op 2025-01-31')).toBe('***.***.*** en ***-***-*** op 2025-01-31');
    expect(maskBsnShapedNumbers('123 456 111 222 333')).toBe('123 456 *** *** ***');
    expect(maskBsnShapedNumbers('12345672', 'id')).toBe('********');
    expect(maskBsnShapedNumbers('12345672')).toBe('12345672');
  });
});
