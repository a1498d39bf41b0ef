/** Saves `text` as a file the browser downloads, named `name`: for exports made in extension pages. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  URL.revokeObjectURL(url);
}

/** Saves `json` as a downloaded `.json` file named `name`. */
export const downloadJson = (name: string, json: string) => downloadText(name, json, 'application/json');
