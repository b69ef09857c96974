import ExcelJS from "exceljs";
import JSZip from "jszip";

/** A .docx read back as Word would: its document.xml, the text of each table's rows, and its images' alt text. */
export interface DocxContents {
  xml: string;
  /** Every paragraph's text, in order. */
  paragraphs: string[];
  /** Each table as rows of cell texts. */
  tables: string[][][];
  /** Each table as rows of cells' shading fills (hex, or "" when unshaded). */
  fills: string[][][];
  /** The alt text (descr) of each drawing. */
  altTexts: string[];
  media: string[];
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const textOf = (xml: string) => unescape([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));

export async function readDocx(bytes: Buffer): Promise<DocxContents> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const tableXml = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
  const rowsOf = (t: string) => [...t.matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) => [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => c[1]!));
  return {
    xml,
    paragraphs: [...xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "").matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/g)].map((p) => textOf(p[1]!)),
    tables: tableXml.map((t) => rowsOf(t).map((cells) => cells.map(textOf))),
    fills: tableXml.map((t) => rowsOf(t).map((cells) => cells.map((c) => /<w:shd [^>]*w:fill="([0-9A-Fa-f]{6})"/.exec(c)?.[1]?.toUpperCase() ?? ""))),
    altTexts: [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => unescape(m[1]!)),
    media: Object.keys(zip.files).filter((name) => name.startsWith("word/media/")),
  };
}

export async function readXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}
