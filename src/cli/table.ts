/** A plain-text table: columns padded to their widest cell, long cells cut with "…". */
export function formatTable(headers: string[], rows: string[][], options: { maxWidth?: number[]; alignRight?: number[] } = {}): string {
  const cut = (text: string, column: number) => {
    const max = options.maxWidth?.[column];
    return max !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  const cells = [headers, ...rows].map((row) => row.map((cell, column) => cut(cell, column)));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (options.alignRight?.includes(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
