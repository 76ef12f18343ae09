#!/usr/bin/env python3
"""Opens landctl's report.html pages in Debian's headless Chromium and reports what a person
would see, as JSON on stdout. Standard library only: Chromium is driven over its DevTools
protocol on a pipe (--remote-debugging-pipe), so nothing listens on a port and no driver
needs installing. One browser for every page of a job (Chromium is slow to start).

    report_browser.py CHROMIUM JOB.json

JOB: {"pages": [{"path": "/abs/report.html",
                 "views": [{"hide": ["parcels"], "points": [[x, y], ...]}],   # map-CRS points
                 "click_row": {"list": "conflicts", "row": 0, "point": [x, y]},  # a table row (data-row)
                 "search": "ZS-0001", "search_point": [x, y],
                 "screenshot": "/abs/shot.png"}]}
Per page: requests (every URL the page asked for), console (errors and exceptions),
first_map_ms (the page's own mark), views (per point: the pixel at its screen position
and the colours of the 5×5 pixels around it), click and search (what got selected and
where its box centre is on screen, against the canvas centre).
"""
import base64, json, os, struct, subprocess, sys, tempfile, time, zlib


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="landctl-chromium-")
        r_cmd, w_cmd = os.pipe()   # we write commands, chromium reads fd 3
        r_evt, w_evt = os.pipe()   # chromium writes fd 4, we read
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--user-data-dir=" + self.profile, "--window-size=1400,1000", "--force-device-scale-factor=1",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--metrics-recording-only", "about:blank"]

        def child():
            os.dup2(r_cmd, 3)
            os.dup2(w_evt, 4)
        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=child, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_cmd)
        os.close(w_evt)
        self.w = os.fdopen(w_cmd, "wb", buffering=0)
        self.r = os.fdopen(r_evt, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self, timeout):
        end = time.time() + timeout
        while b"\0" not in self.buf:
            if time.time() > end:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.r.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.w.write(json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read(timeout)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name, session, timeout=60):
        end = time.time() + timeout
        while True:
            for k, e in enumerate(self.events):
                if e.get("method") == name and e.get("sessionId") == session:
                    del self.events[k]
                    return e
            self.events.append(self._read(max(0.1, end - time.time())))

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
        subprocess.run(["rm", "-rf", self.profile])


def png_pixels(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, [[tuple(r[x * bpp:x * bpp + 3]) for x in range(width)] for r in rows]


def evaluate(b, s, expr):
    r = b.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True}, s)
    if "exceptionDetails" in r:
        raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
    return r["result"].get("value")


def run_page(b, page):
    target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Network", "Log"):
        b.call(domain + ".enable", {}, s)
    b.call("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, s)
    url = "file://" + os.path.abspath(page["path"])
    b.call("Page.navigate", {"url": url}, s)
    b.wait_event("Page.loadEventFired", s)
    out = {"path": page["path"]}
    out["ready"] = evaluate(b, s, "!!(window.landReport && window.landReport.ready)")
    out["first_map_ms"] = evaluate(b, s, "+document.body.dataset.firstMapMs")
    out["marks"] = evaluate(b, s, "document.body.dataset.marks")
    out["view"] = evaluate(b, s, "landReport.view")
    out["views"] = []
    for view in page.get("views", []):
        for key in view.get("hide", []):
            evaluate(b, s, f"landReport.setLayerVisible({json.dumps(key)}, false)")
        rect = evaluate(b, s, "(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY]; })()")
        evaluate(b, s, "window.scrollTo(0, 0)")
        shot = b.call("Page.captureScreenshot", {"format": "png"}, s)["data"]
        w, h, px = png_pixels(base64.b64decode(shot))
        got = []
        for x, y in view.get("points", []):
            sx, sy = evaluate(b, s, f"landReport.worldToScreen({x}, {y})")
            cx, cy = int(round(rect[0] + sx)), int(round(rect[1] + sy))
            around = [list(px[yy][xx]) for yy in range(cy - 2, cy + 3) for xx in range(cx - 2, cx + 3) if 0 <= xx < w and 0 <= yy < h]
            got.append({"screen": [cx, cy], "pixel": list(px[cy][cx]) if 0 <= cx < w and 0 <= cy < h else None, "around": around})
        out["views"].append(got)
        for key in view.get("hide", []):
            evaluate(b, s, f"landReport.setLayerVisible({json.dumps(key)}, true)")
    if "click_row" in page:
        c = page["click_row"]
        sel = f"#list-{c['list']} tbody tr[data-row='{c['row']}']"
        evaluate(b, s, f"document.querySelector({json.dumps(sel)}).scrollIntoView({{block: 'center'}})")
        pos = evaluate(b, s, f"(() => {{ const r = document.querySelector({json.dumps(sel)}).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()")
        for kind in ("mousePressed", "mouseReleased"):
            b.call("Input.dispatchMouseEvent", {"type": kind, "x": pos[0], "y": pos[1], "button": "left", "clickCount": 1}, s)
        out["click"] = selection(b, s, c.get("point"))
    if "search" in page:
        evaluate(b, s, "window.scrollTo(0, 0); document.getElementById('search').focus()")
        b.call("Input.insertText", {"text": page["search"]}, s)
        for kind in ("keyDown", "keyUp"):
            b.call("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r" if kind == "keyDown" else ""}, s)
        out["search"] = selection(b, s, page.get("search_point"))
    if page.get("screenshot"):
        evaluate(b, s, "window.scrollTo(0, 0)")
        shot = b.call("Page.captureScreenshot", {"format": "png"}, s)["data"]
        with open(page["screenshot"], "wb") as f:
            f.write(base64.b64decode(shot))
    # Everything the page asked the network for, and every error it reported.
    requests, console = [], []
    for e in b.events:
        if e.get("sessionId") != s:
            continue
        m, p = e.get("method"), e.get("params", {})
        if m == "Network.requestWillBeSent":
            requests.append(p["request"]["url"])
        elif m == "Runtime.exceptionThrown":
            console.append("exception: " + json.dumps(p["exceptionDetails"])[:500])
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            console.append("console.error: " + json.dumps(p.get("args"))[:500])
        elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
            console.append("log: " + p["entry"].get("text", "")[:500])
    b.events = [e for e in b.events if e.get("sessionId") != s]
    out["requests"] = requests
    out["console"] = console
    b.call("Target.closeTarget", {"targetId": target})
    return out


def selection(b, s, point):
    """What is selected, the canvas centre and where `point` (map CRS) now is on the canvas."""
    at = "null" if point is None else f"landReport.worldToScreen({point[0]}, {point[1]})"
    return evaluate(b, s, """(() => { const sel = landReport.selected; const v = landReport.view;
        return {layer: sel && sel.layer, index: sel && sel.index, scale: v.s, centre: [v.W / 2, v.H / 2], point: %s}; })()""" % at)


def main():
    chromium, job = sys.argv[1], json.load(open(sys.argv[2]))
    b = Browser(chromium)
    try:
        b.call("Target.setDiscoverTargets", {"discover": False})
        pages = [run_page(b, p) for p in job["pages"]]
    finally:
        b.close()
    json.dump({"pages": pages}, sys.stdout)


if __name__ == "__main__":
    main()
