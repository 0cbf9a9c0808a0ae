/** The page's stylesheet, inlined into report.html (the Content-Security-Policy allows inline styles only). */
export const CSS = `
:root{--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#ffffff;--panel:#f9fafb;--bad:#b91c1c;--badbg:#fef2f2;--ok:#166534}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 20px 64px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:36px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:1rem;margin:20px 0 6px}
p.sub{color:var(--muted);margin:0 0 16px}
.banner{border:2px solid var(--bad);background:var(--badbg);color:var(--bad);padding:12px 16px;border-radius:6px;font-weight:600;margin:12px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;margin:16px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .k{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.card .v{font-size:1.15rem;font-weight:650;margin-top:2px}
.card .n{font-size:.82rem;color:var(--muted)}
.label{font-size:.72rem;font-weight:600;border-radius:3px;padding:0 4px;margin-left:3px;white-space:nowrap}
.measured{background:#e0f2fe;color:#075985}.projected{background:#fef3c7;color:#92400e}.static{background:#ede9fe;color:#5b21b6}.scenario{background:#f3f4f6;color:#374151}.predicted{background:#fce7f3;color:#9d174d}
figure{margin:12px 0 4px}
figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}
svg.chart{width:100%;height:auto;display:block;background:#fff}
svg.bar-chart{max-width:880px}
td ul{margin:0;padding-left:18px}
svg .grid{stroke:#e5e7eb;stroke-width:1}svg .grid.minor{stroke:#f3f4f6}
svg .axis{stroke:#6b7280;stroke-width:1}
svg text{font-family:inherit;fill:#374151;font-size:12px}
svg .axis-label{font-size:13px;fill:#111827}
svg .marker-label{font-size:12px;font-weight:600;fill:#111827;paint-order:stroke;stroke:#fff;stroke-width:4px}
svg .ref-label,svg .region-label{font-size:11.5px;fill:#b91c1c;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .segment-label{fill:#fff;font-size:11px;font-weight:600}
svg .bar-label{font-size:13px;fill:#111827}
svg .bar-note,svg .legend{font-size:12px}
.legend-row{display:flex;flex-wrap:wrap;gap:16px;font-size:.85rem;color:var(--muted);margin:6px 0}
.swatch{display:inline-block;width:22px;height:10px;vertical-align:middle;margin-right:6px;border-radius:2px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;vertical-align:middle;margin-right:6px;border:1px solid #111827}
.dot.hollow{background:#fff;border:2px solid #6b7280}
table{border-collapse:collapse;width:100%;font-size:.86rem;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details.data{margin:4px 0 18px}
details.data summary{cursor:pointer;color:var(--muted);font-size:.85rem}
.placeholder{border:2px dashed #9ca3af;border-radius:8px;padding:24px;color:var(--muted);background:var(--panel);margin:12px 0}
td.diff{background:var(--badbg);color:var(--bad);font-weight:600}
td.same{color:var(--ok)}
.matrix td{text-align:center}.matrix td:first-child{text-align:left}
code{background:#f3f4f6;padding:1px 4px;border-radius:3px;font-size:.85em}
pre{background:#f3f4f6;padding:10px 12px;border-radius:6px;overflow:auto}
ul.risks li{margin-bottom:6px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}@media (max-width:800px){.two{grid-template-columns:1fr}}
`;
