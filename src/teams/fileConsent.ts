import { z } from "zod";
import type { TeamsAttachment } from "./activity";
import { checkFileUrl, type FileUrlPolicy } from "./fileUrls";

/**
 * Teams' file consent flow for bots, the protocol part (no SDK needed: the cards are
 * attachments, the upload a plain HTTP PUT). The bot offers a file with a FileConsentCard;
 * the person's Allow or Decline comes back as the invoke `fileConsent/invoke`; on Allow, Teams
 * has made an empty file in their OneDrive and gives an upload URL, to which the bot PUTs the
 * bytes, then it sends a FileInfoCard that opens the file.
 */

export const FILE_CONSENT_INVOKE = "fileConsent/invoke";

/** What a FileConsentCard offers; `context` comes back in the invoke (untrusted: it is checked again there). */
export interface FileOffer {
  name: string;
  description: string;
  sizeInBytes: number;
  context: Record<string, string>;
}

export function fileConsentAttachment(offer: FileOffer): TeamsAttachment {
  return {
    contentType: "application/vnd.microsoft.teams.card.file.consent",
    name: offer.name,
    content: { description: offer.description, sizeInBytes: offer.sizeInBytes, acceptContext: offer.context, declineContext: offer.context },
  };
}

/** Where Teams put an uploaded file, as the FileInfoCard that opens it needs. */
export interface UploadedFile {
  name: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

export function fileInfoAttachment(file: UploadedFile): TeamsAttachment {
  return { contentType: "application/vnd.microsoft.teams.card.file.info", name: file.name, contentUrl: file.contentUrl, content: { uniqueId: file.uniqueId, fileType: file.fileType } };
}

/** The invoke's value: an accepted one carries where to upload; the context is what the card offered. */
export const fileConsentSchema = z.discriminatedUnion("action", [
  z.object({
    type: z.literal("fileUpload"),
    action: z.literal("accept"),
    context: z.record(z.string(), z.string()),
    uploadInfo: z.object({ name: z.string().min(1).max(255), uploadUrl: z.string().min(1).max(4096), contentUrl: z.string().min(1).max(4096), uniqueId: z.string().min(1).max(200), fileType: z.string().max(20) }),
  }),
  z.object({ type: z.literal("fileUpload"), action: z.literal("decline"), context: z.record(z.string(), z.string()) }),
]);
export type FileConsent = z.output<typeof fileConsentSchema>;
export type UploadInfo = Extract<FileConsent, { action: "accept" }>["uploadInfo"];

/** Puts a whole file to an upload URL Teams gave, in one request (Content-Range covers every byte). */
export interface FileUploader {
  upload(info: UploadInfo, bytes: Buffer): Promise<UploadedFile>;
}

/**
 * The upload, after the URL policy: https on SharePoint or OneDrive only (an upload URL is
 * untrusted input, and a PUT of a board pack elsewhere would leak it), or an origin a test
 * allows in code. The contentUrl the FileInfoCard links to is held to the same rule.
 */
export function fileUploader(policy: FileUrlPolicy = {}): FileUploader {
  return {
    async upload(info, bytes) {
      const url = checkFileUrl(info.uploadUrl, policy);
      const contentUrl = checkFileUrl(info.contentUrl, policy);
      const response = await fetch(url, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream", "content-length": String(bytes.length), "content-range": `bytes 0-${bytes.length - 1}/${bytes.length}` },
        body: new Uint8Array(bytes),
        redirect: "error",
        signal: AbortSignal.timeout(60_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the upload to OneDrive answered ${response.status}`);
      return { name: info.name, contentUrl: contentUrl.toString(), uniqueId: info.uniqueId, fileType: info.fileType };
    },
  };
}
