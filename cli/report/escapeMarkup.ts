/** Text from stack outputs (names, reasons, sources) as HTML/SVG text or attribute value. */
export const escapeMarkup = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
