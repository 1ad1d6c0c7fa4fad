// The short URL as a QR code, drawn on the server: the SVG arrives with the page, and the
// qrcode library never reaches the browser bundle.

import QRCode from "qrcode";

export async function QrCode({ value }: { value: string }) {
  const svg = await QRCode.toString(value, {
    type: "svg",
    margin: 1,
    errorCorrectionLevel: "M",
    color: { dark: "#0f172a", light: "#ffffff" },
  });
  const download = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return (
    <div className="flex flex-col items-center gap-2">
      <div
        role="img"
        aria-label={`QR code for ${value}`}
        data-testid="qr-code"
        className="h-36 w-36 overflow-hidden rounded-lg bg-white ring-1 ring-slate-200 [&>svg]:h-full [&>svg]:w-full"
        // Markup the qrcode library generated from our own URL, not visitor input.
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <a href={download} download="short-link-qr.svg" className="text-xs font-medium text-indigo-600 hover:text-indigo-700">
        Download SVG
      </a>
    </div>
  );
}
