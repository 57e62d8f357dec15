import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src-main/formats/csvExport.js';

describe('labels.csv cells', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+41 22 555')).toBe("'+41 22 555");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('cat')).toBe('cat');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes by RFC 4180: commas, quotes and line breaks inside a field', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell('')).toBe('');
  });

  it('ends every record with CRLF', () => {
    expect(toCsv([['path', 'label', 'split'], ['images/a.jpg', 'cat;dog', '']])).toBe('path,label,split\r\nimages/a.jpg,cat;dog,\r\n');
  });
});
