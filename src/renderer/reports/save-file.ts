/** A file the host handed over as base64 (a statement, a personal-data export). */
export type DownloadableFile = { fileName: string; mimeType: string; base64: string };

/**
 * Hands a file to the browser's (or Electron's) download: a blob link clicked once. Works the same
 * in both hosts; Electron asks where to save it.
 */
export const saveFile = (file: DownloadableFile): void => {
  const binary = atob(file.base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
