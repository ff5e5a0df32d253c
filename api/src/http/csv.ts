/** SPEC §4.6: a cell starting with = + - @ tab or CR could run as a spreadsheet formula: prefix '. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  const cell = (value: unknown) => {
    const text = neutraliseFormula(
      value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value),
    );
    return /[";\n\r,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}
