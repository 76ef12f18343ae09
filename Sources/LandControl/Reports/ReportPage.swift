import Foundation
import Spatial

/// report.html: one self-contained page (no request to any server: no CDN, web fonts or
/// tiles; the data, style and script inline), written by hand. The map is drawn on a
/// canvas from ``MapEncoding``'s compact form; the lists are sortable, filterable tables
/// whose rows zoom the map to their feature.
enum ReportPage {
    static func html(_ d: ResultDocument, lists: [LoadedList], regions: RegionTable?, mapJSON: String) -> String {
        let zh = d.language == .zh
        func t(_ a: String, _ b: String) -> String { zh ? a : b }
        var data = "{\"lang\":\(MapEncoding.jsonString(d.language.rawValue)),\"title\":\(MapEncoding.jsonString(d.title)),\"map\":\(mapJSON),\"lists\":["
        var first = true
        for l in lists where l.list.inReport {
            var columns: [Int]
            if let wanted = l.list.reportColumns {
                columns = wanted.compactMap { l.columnIndex[$0] }
                if let r = l.columnIndex["region"], !columns.contains(r) { columns.insert(r, at: min(1, columns.count)) }
            } else {
                columns = Array(0..<(l.list.fixedColumns.map { min($0, l.header.count) } ?? l.header.count))
            }
            var rowTexts: [String] = []
            var indices: [Int] = []
            for k in l.rows.indices {
                if let keep = l.list.reportFilter, !keep(l.row(k)) { continue }
                indices.append(k)
                rowTexts.append("[" + columns.map { c in MapEncoding.jsonString(c < l.rows[k].count ? l.rows[k][c] : "") }.joined(separator: ",") + "]")
            }
            if !first { data += "," }
            first = false
            data += "{\"key\":\(MapEncoding.jsonString(l.list.key)),\"title\":\(MapEncoding.jsonString(l.list.title)),"
            data += "\"layer\":\(l.list.mapLayer.map(MapEncoding.jsonString) ?? "null"),\"total\":\(l.rows.count),\"columns\":["
            data += columns.map { c in
                let decimals: String = if case let .number(n) = l.kinds[c] { "\(n)" } else { "null" }
                return "{\"name\":\(MapEncoding.jsonString(l.header[c])),\"title\":\(MapEncoding.jsonString(ColumnTitles.title(l.header[c], d.language))),\"num\":\(decimals)}"
            }.joined(separator: ",")
            data += "],\"index\":[" + indices.map(String.init).joined(separator: ",") + "],\"rows\":[" + rowTexts.joined(separator: ",") + "]}"
        }
        data += "]}"

        var body = "<header><h1>\(escape(d.title))</h1><p class=\"sub\">landctl \(escape(d.command)) · \(escape(t("地图坐标系", "map CRS"))) \(escape(d.mapCRS))</p></header>\n"
        body += """
        <section id="mapsection"><div id="mapwrap"><canvas id="map" tabindex="0" aria-label="\(t("地图", "map"))"></canvas>
        <div id="tip" hidden></div>
        <div id="north" title="\(t("图北（坐标网格北）", "grid north"))"><svg width="28" height="44" viewBox="0 0 28 44"><polygon points="14,2 24,30 14,24 4,30" fill="#222"/><text x="14" y="42" text-anchor="middle" font-size="12" font-weight="bold">N</text></svg></div>
        <div id="scale"><div id="scalebar"></div><span id="scaletext"></span></div>
        <div id="crs">\(escape(d.mapCRS))</div>
        <div id="tools"><input id="search" type="search" placeholder="\(t("按编号查找地块", "find a parcel by id"))" aria-label="\(t("查找", "search"))"><button id="reset" title="\(t("全图", "whole map"))">⌂</button><button id="zin">+</button><button id="zout">−</button></div>
        </div><aside id="legend"></aside></section>
        <p class="hint">\(t("拖动平移，滚轮或 +/− 缩放，方向键平移，0 回到全图；悬停显示编号与主要数值；点击表格中的一行定位到地图。", "Drag to pan, wheel or +/− to zoom, arrow keys to pan, 0 for the whole map; hover for the id and key figures; click a table row to find it on the map."))</p>

        """
        body += "<section id=\"summary\"><h2>\(t("汇总", "Summary"))</h2>\n" + summaryHTML(d.summary) + "</section>\n"
        body += "<section id=\"lists\"></section>\n"
        body += "<section id=\"inputs\"><h2>\(t("输入与选项", "Inputs and options"))</h2><table class=\"kv\">"
        for (k, v) in d.inputs { body += "<tr><th>\(escape(k))</th><td>\(escape(v))</td></tr>" }
        body += "</table>"
        if let rules = d.rulesText { body += "<h3>\(t("规则文件", "Rules file"))</h3><pre>\(escape(rules))</pre>" }
        body += "<h3>\(t("警告", "Warnings")) (\(d.warnings.count))</h3>"
        body += d.warnings.isEmpty ? "<p>\(t("无", "none"))</p>" : "<ul>" + d.warnings.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        body += "</section>\n"

        return """
        <!DOCTYPE html>
        <html lang="\(zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:">
        <title>\(escape(d.title))</title>
        <style>\(css)</style></head>
        <body>
        \(body)
        <script id="data" type="application/json">\(data)</script>
        <script>\(script)</script>
        </body></html>

        """
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// summary.md as HTML: headings, lines (list items), tables with numbers right-aligned.
    static func summaryHTML(_ markdown: String) -> String {
        var s = ""
        var inList = false
        func closeList() {
            if inList { s += "</ul>\n" }
            inList = false
        }
        for block in MarkdownBlocks.parse(markdown) {
            switch block {
            case let .heading(level, text):
                closeList()
                if level > 1 { s += "<h3>\(escape(text))</h3>\n" } // the page has its own title
            case let .line(text):
                if text.hasPrefix("- ") {
                    if !inList { s += "<ul>" }
                    inList = true
                    s += "<li>\(escape(String(text.dropFirst(2))))</li>"
                } else {
                    closeList()
                    s += "<p>\(escape(text))</p>\n"
                }
            case let .table(header, rows):
                closeList()
                s += "<table class=\"sum\"><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                for r in rows {
                    s += "<tr>" + r.map { c in NumberText.parseGrouped(c) != nil || c == "—" ? "<td class=\"n\">\(escape(c))</td>" : "<td>\(escape(c))</td>" }.joined() + "</tr>"
                }
                s += "</tbody></table>\n"
            case .blank:
                closeList()
            }
        }
        closeList()
        return s
    }

    static let css = """
    :root{--ink:#1b1b1b;--line:#c8ccd0;--head:#e8eef4}
    *{box-sizing:border-box}
    body{margin:0;padding:12px 18px;font:14px/1.45 "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;color:var(--ink);background:#fff}
    h1{font-size:20px;margin:0}h2{font-size:17px;margin:22px 0 8px;border-bottom:2px solid var(--ink)}h3{font-size:15px;margin:14px 0 6px}
    .sub{margin:2px 0 8px;color:#555}
    #mapsection{display:flex;gap:10px;align-items:stretch}
    #mapwrap{position:relative;flex:1;height:68vh;min-height:360px;border:1px solid var(--line);background:#fff}
    #map{width:100%;height:100%;display:block;cursor:grab;outline:none}
    #map:focus{box-shadow:inset 0 0 0 2px #0072B2}
    #legend{width:250px;overflow:auto;max-height:68vh;font-size:13px}
    #legend fieldset{border:1px solid var(--line);margin:0 0 8px;padding:4px 8px}
    #legend legend{font-weight:bold}
    #legend .item{display:flex;align-items:center;gap:6px;margin:2px 0}
    #legend .sw{width:22px;height:14px;border:2px solid #333;flex:none}
    #legend .cnt{margin-left:auto;font-variant-numeric:tabular-nums}
    #tip{position:absolute;pointer-events:none;background:rgba(255,255,255,.95);border:1px solid #555;padding:4px 6px;font-size:12px;max-width:320px;white-space:pre-line;z-index:3}
    #north{position:absolute;top:8px;right:10px}
    #scale{position:absolute;left:10px;bottom:10px;background:rgba(255,255,255,.85);padding:2px 6px;font-size:12px}
    #scalebar{height:6px;border:2px solid #222;border-top:none}
    #crs{position:absolute;right:10px;bottom:10px;background:rgba(255,255,255,.85);padding:2px 6px;font-size:11px;color:#333}
    #tools{position:absolute;left:10px;top:8px;display:flex;gap:4px}
    #tools input{width:190px;padding:3px 6px}#tools button{min-width:28px}
    .hint{color:#555;font-size:12px;margin:4px 0}
    table{border-collapse:collapse;margin:4px 0 10px}
    th,td{border:1px solid var(--line);padding:3px 6px;vertical-align:top}
    th{background:var(--head);text-align:left;font-weight:600}
    td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    table.list tbody tr{cursor:pointer}table.list tbody tr:hover{background:#fff5cc}table.list tbody tr.sel{background:#ffe680}
    table.list th{cursor:pointer;user-select:none;position:sticky;top:0}
    .listbar{display:flex;gap:8px;align-items:center;margin:4px 0}
    .listbar input{width:240px;padding:3px 6px}
    .pager button{margin:0 2px}
    .kv th{width:200px}
    pre{background:#f6f7f8;border:1px solid var(--line);padding:6px;overflow:auto;max-height:400px;font-size:12px}
    @page{size:A4 landscape;margin:10mm}
    @media print{
      body{padding:0;font-size:10pt}
      #tools,.hint,.listbar,.pager,#tip{display:none!important}
      #mapsection{break-after:page;height:175mm}
      #mapwrap{height:170mm}#legend{max-height:none;overflow:visible}
      table.list th{position:static}
      tr{break-inside:avoid}
      h2{break-after:avoid}
    }
    """

    static let script = #"""
    "use strict";
    (function(){
    const marks = {start: performance.now()};
    const D = JSON.parse(document.getElementById("data").textContent);
    marks.parsed = performance.now();
    const zh = D.lang === "zh";
    const T = (a, b) => zh ? a : b;
    const M = D.map;
    // ---- decoding: base64 → bytes → varints
    function bytes(b64){ const s = atob(b64); const out = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i); return out; }
    function Reader(b){ this.b = b; this.i = 0; }
    Reader.prototype.u = function(){ let r = 0, m = 1, c; do { c = this.b[this.i++]; r += (c & 127) * m; m *= 128; } while (c & 128); return r; };
    Reader.prototype.s = function(){ const z = this.u(); return (z % 2) ? -(z + 1) / 2 : z / 2; };
    const layers = M.layers.map(L => {
      const cat = new Reader(bytes(L.cat)); const cats = new Uint16Array(L.count);
      for (let k = 0; k < L.count; k++) cats[k] = cat.u();
      // topology: per feature polygons → rings → arc references
      const tr = new Reader(bytes(L.topo)); const feats = new Array(L.count);
      for (let k = 0; k < L.count; k++) { const np = tr.s(); const polys = []; for (let p = 0; p < np; p++) { const nr = tr.s(); const rings = []; for (let r = 0; r < nr; r++) { const na = tr.s(); const refs = new Int32Array(na); for (let a = 0; a < na; a++) refs[a] = tr.s(); rings.push(refs); } polys.push(rings); } feats[k] = polys; }
      return {L, cats, feats, levels: L.arcs.map(() => null), paths: L.arcs.map(() => null), bbox: null, visible: L.visible, key: L.key};
    });
    function arcsAt(layer, level){
      // a null level is the next finer one
      while (layer.L.arcs[level] === null) level++;
      if (layer.levels[level]) return {level, arcs: layer.levels[level]};
      const r = new Reader(bytes(layer.L.arcs[level])); const n = layer.L.arcCount; const start = new Int32Array(n + 1); const xy = [];
      for (let a = 0; a < n; a++) { start[a] = xy.length / 2; const m = r.u(); let x = 0, y = 0; for (let i = 0; i < m; i++) { if (i === 0) { x = r.u(); y = r.u(); } else { x += r.s(); y += r.s(); } xy.push(x, y); } }
      start[n] = xy.length / 2;
      layer.levels[level] = {start, xy: Float64Array.from(xy)};
      return {level, arcs: layer.levels[level]};
    }
    function ringPath(path, refs, arcs, withMove){
      let firstPoint = true;
      for (let a = 0; a < refs.length; a++) {
        const ref = refs[a]; const k = ref < 0 ? -ref - 1 : ref; const s = arcs.start[k], e = arcs.start[k + 1];
        if (ref >= 0) { for (let i = s; i < e; i++) { if (firstPoint) { path.moveTo(arcs.xy[2*i], -arcs.xy[2*i+1]); firstPoint = false; } else path.lineTo(arcs.xy[2*i], -arcs.xy[2*i+1]); } }
        else { for (let i = e - 1; i >= s; i--) { if (firstPoint) { path.moveTo(arcs.xy[2*i], -arcs.xy[2*i+1]); firstPoint = false; } else path.lineTo(arcs.xy[2*i], -arcs.xy[2*i+1]); } }
      }
      path.closePath();
    }
    function featurePath(layer, k, arcs){ const p = new Path2D(); for (const rings of layer.feats[k]) for (const refs of rings) ringPath(p, refs, arcs); return p; }
    function categoryPaths(layer, level){
      const got = arcsAt(layer, level);
      if (layer.paths[got.level]) return layer.paths[got.level];
      // Per category, paths of at most 256 features: the rasteriser slows down sharply on
      // single paths of tens of thousands of rings.
      const paths = layer.L.categories.map(() => []); const sizes = layer.L.categories.map(() => 256);
      for (let k = 0; k < layer.L.count; k++) { const c = layer.cats[k]; const list = paths[c]; if (!list) continue; if (sizes[c] >= 256) { list.push(new Path2D()); sizes[c] = 0; } sizes[c]++; const p = list[list.length - 1]; for (const rings of layer.feats[k]) for (const refs of rings) ringPath(p, refs, got.arcs); }
      layer.paths[got.level] = paths;
      return paths;
    }
    marks.topology = performance.now();
    // Feature boxes (finest level) and a grid over them for hovering.
    const finest = M.levels.length - 1;
    for (const layer of layers) {
      const arcs = arcsAt(layer, finest).arcs; const box = new Float64Array(layer.L.count * 4);
      for (let k = 0; k < layer.L.count; k++) {
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (const rings of layer.feats[k]) { const refs = rings[0]; if (!refs) continue; for (let a = 0; a < refs.length; a++) { const ref = refs[a]; const j = ref < 0 ? -ref - 1 : ref; for (let i = arcs.start[j]; i < arcs.start[j+1]; i++) { const x = arcs.xy[2*i], y = arcs.xy[2*i+1]; if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; } } }
        box[4*k] = x0; box[4*k+1] = y0; box[4*k+2] = x1; box[4*k+3] = y1;
      }
      layer.bbox = box;
      const G = 64, cw = Math.max(M.size[0], 1) / G, ch = Math.max(M.size[1], 1) / G; const cells = new Map();
      for (let k = 0; k < layer.L.count; k++) { if (!(box[4*k] <= box[4*k+2])) continue; const gx0 = Math.max(0, Math.floor(box[4*k]/cw)), gx1 = Math.min(G-1, Math.floor(box[4*k+2]/cw)), gy0 = Math.max(0, Math.floor(box[4*k+1]/ch)), gy1 = Math.min(G-1, Math.floor(box[4*k+3]/ch)); for (let gx = gx0; gx <= gx1; gx++) for (let gy = gy0; gy <= gy1; gy++) { const key = gx * G + gy; let c = cells.get(key); if (!c) cells.set(key, c = []); c.push(k); } }
      layer.grid = {G, cw, ch, cells};
    }
    function inside(layer, k, x, y){
      const arcs = arcsAt(layer, finest).arcs; let inPoly = false;
      for (const rings of layer.feats[k]) { let c = false; for (const refs of rings) { const pts = []; for (let a = 0; a < refs.length; a++) { const ref = refs[a]; const j = ref < 0 ? -ref - 1 : ref; const s = arcs.start[j], e = arcs.start[j+1]; if (ref >= 0) for (let i = s; i < e; i++) pts.push(arcs.xy[2*i], arcs.xy[2*i+1]); else for (let i = e - 1; i >= s; i--) pts.push(arcs.xy[2*i], arcs.xy[2*i+1]); } for (let i = 0, j = pts.length - 2; i < pts.length; j = i, i += 2) { const yi = pts[i+1], yj = pts[j+1]; if ((yi > y) !== (yj > y) && x < (pts[j] - pts[i]) * (y - yi) / (yj - yi) + pts[i]) c = !c; } } if (c) inPoly = true; }
      return inPoly;
    }
    function hit(x, y){
      for (let l = layers.length - 1; l >= 0; l--) { const layer = layers[l]; if (!layer.visible) continue; const g = layer.grid; const key = Math.floor(x / g.cw) * g.G + Math.floor(y / g.ch); const c = g.cells.get(key); if (!c) continue;
        for (let n = c.length - 1; n >= 0; n--) { const k = c[n]; const b = layer.bbox; if (x < b[4*k] || x > b[4*k+2] || y < b[4*k+1] || y > b[4*k+3]) continue; if (inside(layer, k, x, y)) return {layer: l, k}; } }
      return null;
    }
    marks.boxes = performance.now();
    // ---- view: screen = (x·s + tx, −y·s + ty), grid units
    const canvas = document.getElementById("map"); const ctx = canvas.getContext("2d");
    let s = 1, tx = 0, ty = 0, W = 0, H = 0, selected = null, hatch = null;
    function resize(){ const r = canvas.getBoundingClientRect(); const dpr = window.devicePixelRatio || 1; W = r.width; H = r.height; canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr); }
    function fit(box){ const [x0, y0, x1, y1] = box; const w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1); s = Math.min(W / w, H / h) * 0.92; tx = W / 2 - (x0 + x1) / 2 * s; ty = H / 2 + (y0 + y1) / 2 * s; }
    const home = () => fit([0, 0, M.size[0], M.size[1]]);
    function level(){ const unitsPerPixel = 1 / s; let best = M.levels.length - 1; for (let i = 0; i < M.levels.length; i++) { if (M.levels[i] <= unitsPerPixel) { best = i; break; } } return best; }
    function hatchPattern(color){ const c = document.createElement("canvas"); c.width = c.height = 10; const g = c.getContext("2d"); g.strokeStyle = color; g.lineWidth = 2; g.beginPath(); g.moveTo(0, 10); g.lineTo(10, 0); g.moveTo(-5, 5); g.lineTo(5, -5); g.moveTo(5, 15); g.lineTo(15, 5); g.stroke(); return ctx.createPattern(c, "repeat"); }
    function draw(){
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      const lv = level();
      for (const layer of layers) {
        if (!layer.visible) continue;
        const paths = categoryPaths(layer, lv);
        layer.L.categories.forEach((c, i) => {
          for (const path of paths[i]) {
            ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * tx, dpr * ty);
            if (c.fill) { ctx.fillStyle = c.fill; ctx.fill(path, "evenodd"); }
            if (c.hatch) { ctx.save(); ctx.clip(path, "evenodd"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.fillStyle = hatchPattern(c.stroke); ctx.fillRect(0, 0, W, H); ctx.restore(); ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * tx, dpr * ty); }
            ctx.lineWidth = c.width / s; ctx.strokeStyle = c.stroke; ctx.lineJoin = "round"; ctx.stroke(path);
          }
        });
      }
      if (selected) { const layer = layers[selected.layer]; const p = featurePath(layer, selected.k, arcsAt(layer, finest).arcs); ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * tx, dpr * ty); ctx.lineWidth = 5 / s; ctx.strokeStyle = "#ffd400"; ctx.stroke(p); ctx.lineWidth = 2 / s; ctx.strokeStyle = "#000"; ctx.stroke(p); }
      drawScale();
    }
    function drawScale(){
      const metresPerPixel = M.q / s; const target = 120 * metresPerPixel; const p = Math.pow(10, Math.floor(Math.log10(target))); const n = [1, 2, 5, 10].map(f => f * p).filter(v => v <= target).pop() || p;
      document.getElementById("scalebar").style.width = (n / metresPerPixel) + "px";
      document.getElementById("scaletext").textContent = n >= 1000 ? (n / 1000) + " km" : n + " m";
    }
    let pending = false; function redraw(){ if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); } }
    function zoomAt(f, px, py){ const ns = Math.min(Math.max(s * f, fitScale() * 0.5), fitScale() * M.maxZoom); f = ns / s; tx = px - (px - tx) * f; ty = py - (py - ty) * f; s = ns; redraw(); }
    function fitScale(){ return Math.min(W / Math.max(M.size[0], 1), H / Math.max(M.size[1], 1)) * 0.92; }
    function toWorld(px, py){ return [(px - tx) / s, -(py - ty) / s]; }
    // ---- legend and layer switch
    const legend = document.getElementById("legend");
    layers.forEach((layer, l) => {
      const fs = document.createElement("fieldset"); const lg = document.createElement("legend");
      const cb = document.createElement("input"); cb.type = "checkbox"; cb.checked = layer.visible; cb.dataset.layer = layer.key; cb.addEventListener("change", () => { layer.visible = cb.checked; redraw(); });
      lg.append(cb, " " + layer.L.title + " (" + layer.L.count + ")"); fs.append(lg);
      for (const c of layer.L.categories) { const it = document.createElement("div"); it.className = "item"; const sw = document.createElement("span"); sw.className = "sw"; sw.style.background = c.fill || "transparent"; sw.style.borderColor = c.stroke; if (c.hatch) sw.style.backgroundImage = "repeating-linear-gradient(135deg," + c.stroke + " 0 2px,transparent 2px 6px)"; const lb = document.createElement("span"); lb.textContent = c.label; const n = document.createElement("span"); n.className = "cnt"; n.textContent = c.count; it.append(sw, lb, n); fs.append(it); }
      legend.append(fs);
    });
    // ---- mouse and keyboard
    let drag = null;
    canvas.addEventListener("mousedown", e => { drag = {x: e.clientX, y: e.clientY, tx, ty, moved: false}; canvas.style.cursor = "grabbing"; });
    window.addEventListener("mouseup", () => { drag = null; canvas.style.cursor = "grab"; });
    const tip = document.getElementById("tip");
    canvas.addEventListener("mousemove", e => {
      const r = canvas.getBoundingClientRect(); const px = e.clientX - r.left, py = e.clientY - r.top;
      if (drag) { tx = drag.tx + e.clientX - drag.x; ty = drag.ty + e.clientY - drag.y; drag.moved = true; redraw(); tip.hidden = true; return; }
      const [x, y] = toWorld(px, py); const h = hit(x, y);
      if (!h) { tip.hidden = true; return; }
      const layer = layers[h.layer]; const c = layer.L.categories[layer.cats[h.k]];
      tip.textContent = layer.L.title + " " + layer.L.ids[h.k] + "\n" + (c ? c.label : "") + (layer.L.info[h.k] ? "\n" + layer.L.info[h.k] : "");
      tip.style.left = Math.min(px + 14, W - 200) + "px"; tip.style.top = (py + 14) + "px"; tip.hidden = false;
    });
    canvas.addEventListener("mouseleave", () => { tip.hidden = true; });
    canvas.addEventListener("click", e => { if (drag && drag.moved) return; const r = canvas.getBoundingClientRect(); const [x, y] = toWorld(e.clientX - r.left, e.clientY - r.top); const h = hit(x, y); selected = h; redraw(); });
    canvas.addEventListener("wheel", e => { e.preventDefault(); const r = canvas.getBoundingClientRect(); zoomAt(Math.pow(1.0015, -e.deltaY), e.clientX - r.left, e.clientY - r.top); }, {passive: false});
    canvas.addEventListener("keydown", e => {
      const step = 60; let used = true;
      switch (e.key) { case "ArrowLeft": tx += step; break; case "ArrowRight": tx -= step; break; case "ArrowUp": ty += step; break; case "ArrowDown": ty -= step; break;
        case "+": case "=": zoomAt(1.5, W / 2, H / 2); break; case "-": case "_": zoomAt(1 / 1.5, W / 2, H / 2); break; case "0": home(); break; default: used = false; }
      if (used) { e.preventDefault(); redraw(); }
    });
    document.getElementById("zin").onclick = () => zoomAt(1.5, W / 2, H / 2);
    document.getElementById("zout").onclick = () => zoomAt(1 / 1.5, W / 2, H / 2);
    document.getElementById("reset").onclick = () => { home(); redraw(); };
    function zoomTo(key, k){
      const l = layers.findIndex(x => x.key === key); if (l < 0 || k < 0 || k >= layers[l].L.count) return false;
      const b = layers[l].bbox; if (!(b[4*k] <= b[4*k+2])) { selected = null; redraw(); return false; }
      const pad = Math.max(b[4*k+2] - b[4*k], b[4*k+3] - b[4*k+1]) * 1.5 + 10;
      fit([b[4*k] - pad, b[4*k+1] - pad, b[4*k+2] + pad, b[4*k+3] + pad]); s = Math.min(s, fitScale() * M.maxZoom);
      layers[l].visible = true; selected = {layer: l, k}; draw(); return true;
    }
    function search(id){
      id = String(id).trim(); if (!id) return null;
      const order = ["parcels"].concat(layers.map(l => l.key).filter(k => k !== "parcels"));
      for (const key of order) { const l = layers.find(x => x.key === key); if (!l) continue; const k = l.L.ids.indexOf(id); if (k >= 0) { zoomTo(key, k); return {layer: key, index: k}; } }
      return null;
    }
    const box = document.getElementById("search");
    box.addEventListener("keydown", e => { if (e.key === "Enter") { const r = search(box.value); box.style.background = r ? "" : "#ffd6d6"; } });
    // ---- tables
    const host = document.getElementById("lists");
    for (const list of D.lists) {
      const sec = document.createElement("div"); sec.className = "listsec"; sec.id = "list-" + list.key;
      const h = document.createElement("h2"); h.textContent = list.title + " (" + list.rows.length + (list.rows.length !== list.total ? " / " + list.total : "") + ")"; sec.append(h);
      const bar = document.createElement("div"); bar.className = "listbar"; const filter = document.createElement("input"); filter.type = "search"; filter.placeholder = T("筛选（任意列包含）", "filter (any column contains)"); const info = document.createElement("span"); bar.append(filter, info); sec.append(bar);
      const table = document.createElement("table"); table.className = "list"; table.dataset.list = list.key; const thead = document.createElement("thead"); const hr = document.createElement("tr");
      list.columns.forEach((c, i) => { const th = document.createElement("th"); th.textContent = c.title; th.title = c.name; if (c.num !== null) th.className = "n"; th.dataset.col = i; hr.append(th); });
      thead.append(hr); table.append(thead); const tbody = document.createElement("tbody"); table.append(tbody); sec.append(table);
      const pager = document.createElement("div"); pager.className = "pager"; sec.append(pager);
      let order = list.rows.map((_, i) => i), shown = order, page = 0, sortCol = -1, asc = true; const per = 200;
      function render(){
        tbody.textContent = ""; const printing = window.matchMedia && window.matchMedia("print").matches;
        const slice = printing ? shown : shown.slice(page * per, page * per + per);
        for (const i of slice) { const tr = document.createElement("tr"); tr.dataset.row = list.index[i]; list.rows[i].forEach((v, c) => { const td = document.createElement("td"); td.textContent = v; if (list.columns[c].num !== null) td.className = "n"; tr.append(td); }); tbody.append(tr); }
        const pages = Math.max(1, Math.ceil(shown.length / per)); info.textContent = shown.length + T(" 行", " rows");
        pager.textContent = ""; if (pages > 1) { const prev = document.createElement("button"); prev.textContent = "‹"; prev.onclick = () => { if (page > 0) { page--; render(); } }; const next = document.createElement("button"); next.textContent = "›"; next.onclick = () => { if (page < pages - 1) { page++; render(); } }; pager.append(prev, " " + (page + 1) + " / " + pages + " ", next); }
      }
      filter.addEventListener("input", () => { const q = filter.value.trim().toLowerCase(); shown = q ? order.filter(i => list.rows[i].some(v => v.toLowerCase().includes(q))) : order; page = 0; render(); });
      hr.addEventListener("click", e => { const th = e.target.closest("th"); if (!th) return; const c = +th.dataset.col; asc = sortCol === c ? !asc : true; sortCol = c; const num = list.columns[c].num !== null;
        order = order.slice().sort((a, b) => { const x = list.rows[a][c], y = list.rows[b][c]; let r; if (num) { const fx = x === "" ? -Infinity : +x, fy = y === "" ? -Infinity : +y; r = fx - fy; } else r = x.localeCompare(y, zh ? "zh" : "en", {numeric: true}); return asc ? r : -r; });
        const q = filter.value.trim().toLowerCase(); shown = q ? order.filter(i => list.rows[i].some(v => v.toLowerCase().includes(q))) : order; render(); });
      tbody.addEventListener("click", e => { const tr = e.target.closest("tr"); if (!tr || !list.layer) return; for (const o of host.querySelectorAll("tr.sel")) o.classList.remove("sel"); tr.classList.add("sel"); zoomTo(list.layer, +tr.dataset.row); document.getElementById("mapsection").scrollIntoView({block: "nearest"}); });
      render(); host.append(sec);
    }
    window.addEventListener("resize", () => { resize(); home(); draw(); });
    window.addEventListener("beforeprint", () => { for (const t of host.querySelectorAll("table.list")) t.dispatchEvent(new Event("printrender")); });
    marks.tables = performance.now();
    resize(); home(); draw();
    marks.drawn = performance.now();
    document.body.dataset.firstMapMs = Math.round(performance.now());
    document.body.dataset.marks = JSON.stringify(marks);
    window.landReport = {ready: true, zoomTo, search, draw, get view(){ return {s, tx, ty, W, H, q: M.q, origin: M.origin, size: M.size}; },
      worldToScreen(x, y){ const gx = (x - M.origin[0]) / M.q, gy = (y - M.origin[1]) / M.q; return [gx * s + tx, -gy * s + ty]; },
      setLayerVisible(key, v){ const l = layers.find(x => x.key === key); if (!l) return false; l.visible = v; const cb = legend.querySelector("input[data-layer='" + key + "']"); if (cb) cb.checked = v; draw(); return true; },
      get selected(){ return selected ? {layer: layers[selected.layer].key, index: selected.k} : null; }};
    })();
    """#
}
