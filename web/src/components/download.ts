/** Hands a file made or fetched in the browser to the user as a download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL only after click() has returned.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
