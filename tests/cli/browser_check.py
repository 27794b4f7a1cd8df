#!/usr/bin/env python3
"""browser_check.py - open an HTML page in headless Chromium and check it.

usage: browser_check.py CHROMIUM PAGE.html SCREENSHOT.png [--sections a,b,c]

Starts Chromium headless with a fresh profile and a DevTools port on the
loopback, drives it over the DevTools protocol (a minimal WebSocket client
from the standard library), loads the page from a file: URL, and checks:

  - the page logs no console error, no exception and no failed load;
  - every chart (figure.chart svg) has a non-zero bounding box;
  - every section named by --sections is on the page;
  - the page prints to PDF (A4, the page's own @page size).

Takes a full-page screenshot into SCREENSHOT.png.  Prints one line per
finding; exits 0 when all is well, 1 on a failed check, 2 when Chromium
could not be driven at all.
"""
import base64
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

DEADLINE = 90  # seconds for the whole check


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames."""

    def __init__(self, url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise OSError("websocket handshake refused: %r" % head[:80])
        self.buf = head.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        data = text.encode()
        hdr = bytearray([0x81])
        n = len(data)
        if n < 126:
            hdr.append(0x80 | n)
        elif n < 65536:
            hdr.append(0x80 | 126)
            hdr += struct.pack(">H", n)
        else:
            hdr.append(0x80 | 127)
            hdr += struct.pack(">Q", n)
        mask = os.urandom(4)
        hdr += mask
        self.sock.sendall(bytes(hdr) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise OSError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            op = b0 & 0x0F
            if op == 8:
                raise OSError("websocket closed by the browser")
            if op in (9, 10):  # ping, pong: ignore
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class Page:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, name, timeout):
        end = time.time() + timeout
        for ev in self.events:
            if ev["method"] == name:
                return ev
        while time.time() < end:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == name:
                    return msg
        raise TimeoutError(name)


def start_chromium(binary, profile):
    args = [binary, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars",
            f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "--window-size=1100,1400", "about:blank"]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    end = time.time() + 30
    port = None
    while time.time() < end and port is None:
        line = proc.stderr.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    if port is None:
        proc.kill()
        raise OSError("chromium did not open its DevTools port")
    return proc, port


def page_target(port):
    for _ in range(50):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.load(r)
        for t in targets:
            if t.get("type") == "page" and "webSocketDebuggerUrl" in t:
                return t["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise OSError("no page target")


CHART_JS = """JSON.stringify({
  charts: Array.from(document.querySelectorAll('figure.chart')).map(f => {
    const s = f.querySelector('svg'); const r = s ? s.getBoundingClientRect() : null;
    return {id: f.id, w: r ? r.width : 0, h: r ? r.height : 0};
  }),
  sections: Array.from(document.querySelectorAll('main > section')).map(s => s.id),
  height: document.documentElement.scrollHeight
})"""


def check(page, path, shot, sections):
    problems = []
    page.call("Runtime.enable")
    page.call("Log.enable")
    page.call("Page.enable")
    page.call("Network.enable")
    page.call("Page.navigate", url="file://" + os.path.abspath(path))
    page.wait_event("Page.loadEventFired", 30)
    info = json.loads(page.call("Runtime.evaluate", expression=CHART_JS,
                                returnByValue=True)["result"]["value"])
    for c in info["charts"]:
        ok = c["w"] > 0 and c["h"] > 0
        print(f"chart {c['id']}: {c['w']:.0f} x {c['h']:.0f} px{'' if ok else '  <-- empty'}")
        if not ok:
            problems.append(f"chart {c['id']} has no size")
    for s in sections:
        if s not in info["sections"]:
            problems.append(f"section '{s}' missing (page has {info['sections']})")
    height = min(max(int(info["height"]), 600), 16000)
    page.call("Emulation.setDeviceMetricsOverride", width=1100, height=height,
              deviceScaleFactor=1, mobile=False)
    png = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    with open(shot, "wb") as f:
        f.write(base64.b64decode(png["data"]))
    print(f"screenshot {shot}: 1100 x {height} px")
    pdf = page.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)
    npages = base64.b64decode(pdf["data"]).count(b"/Type /Page\n") or \
        len(re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf["data"])))
    print(f"printed: {npages} A4 pages")
    if npages < 1:
        problems.append("the page does not print")
    for ev in page.events:
        m, p = ev["method"], ev.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            problems.append("console error: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            problems.append("exception: " + p["exceptionDetails"].get("text", ""))
        elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
            problems.append("log error: " + p["entry"].get("text", ""))
        elif m == "Network.loadingFailed":
            problems.append("failed load: " + p.get("errorText", ""))
    return problems


def main():
    args = sys.argv[1:]
    sections = []
    if "--sections" in args:
        i = args.index("--sections")
        sections = [s for s in args[i + 1].split(",") if s]
        del args[i:i + 2]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, path, shot = args
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("deadline")))
    signal.alarm(DEADLINE)
    profile = tempfile.mkdtemp(prefix="tally-chromium-")
    proc = None
    try:
        proc, port = start_chromium(binary, profile)
        page = Page(WebSocket(page_target(port)))
        problems = check(page, path, shot, sections)
    except (OSError, RuntimeError, TimeoutError, ValueError) as e:
        print(f"cannot drive chromium: {e}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        if proc:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
