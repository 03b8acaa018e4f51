#!/usr/bin/env python3
"""Edit-to-reload latency of `dossier serve` (and `hugo server`) on a generated corpus.

Usage: bench_serve.py TOOL BINARY CORPUS_DIR [EDITS] [KIND]     TOOL is dossier or hugo

KIND is `title` (default: rewrite the document's title, which every list showing it must
follow: archive, topic pages, neighbours) or `body` (append a sentence to its last paragraph:
its page, its topic pages and feeds).

Starts the server on a free port, connects to its reload channel (dossier: the SSE stream at
/__dossier/events; hugo: the LiveReload websocket at /livereload), then EDITS times (default
20) rewrites the title of one document in place and measures the time from the write's
close() to the reload message. After every edit it checks that the document page, the archive
and the pages of the document's topics show the new title (dossier; for hugo the document page
and one topic page). Prints one JSON line: {"tool", "n", "median_ms", "p90_ms", "min_ms",
"max_ms", "server_ms_median", "checked_pages"}.

Standard library only. Every wait has a deadline; the server is stopped at the end.
"""

import base64
import json
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

DEADLINE = 120.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path):
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path))
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""


class Lines:
    """Collects a process's output lines in a thread."""

    def __init__(self, stream):
        self.lines = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for raw in stream:
            with self.lock:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def snapshot(self):
        with self.lock:
            return list(self.lines)

    def wait(self, pattern, start=0):
        end = time.time() + DEADLINE
        while time.time() < end:
            lines = self.snapshot()
            for i in range(start, len(lines)):
                m = re.search(pattern, lines[i])
                if m:
                    return i, m
            time.sleep(0.01)
        raise SystemExit("timed out waiting for %r; output:\n%s" % (pattern, "\n".join(self.snapshot()[-30:])))


class Sse:
    """A raw SSE reader: next_event() returns (name, data)."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (path, port)).encode())
        self.buf = b""
        self._until(b"\r\n\r\n")

    def _until(self, sep):
        while sep not in self.buf:
            r, _, _ = select.select([self.sock], [], [], DEADLINE)
            if not r:
                raise SystemExit("SSE: timed out")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("SSE: connection closed")
            self.buf += chunk
        head, self.buf = self.buf.split(sep, 1)
        return head

    def next_event(self):
        while True:
            block = self._until(b"\n\n").decode()
            # chunked transfer: drop chunk-size lines
            name, data = "message", []
            for line in block.splitlines():
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
            if data:
                return name, "\n".join(data)


class LiveReload:
    """A minimal websocket client for Hugo's /livereload."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (port, key)
        ).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.sock.recv(4096)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise SystemExit("livereload handshake failed: %r" % head[:200])
        self.send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})

    def send(self, obj):
        payload = json.dumps(obj).encode()
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        n = len(payload)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big"))
        self.sock.sendall(header + mask + masked)

    def _need(self, n):
        while len(self.buf) < n:
            r, _, _ = select.select([self.sock], [], [], DEADLINE)
            if not r:
                raise SystemExit("livereload: timed out")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("livereload: closed")
            self.buf += chunk

    def next_message(self):
        while True:
            self._need(2)
            opcode, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
            off = 2
            if n == 126:
                self._need(4)
                n, off = int.from_bytes(self.buf[2:4], "big"), 4
            elif n == 127:
                self._need(10)
                n, off = int.from_bytes(self.buf[2:10], "big"), 10
            self._need(off + n)
            payload, self.buf = self.buf[off:off + n], self.buf[off + n:]
            if opcode == 1:
                return json.loads(payload.decode())


def doc_info(path):
    text = open(path, encoding="utf-8").read()
    title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
    tags = re.findall(r'"([^"]+)"', re.search(r"^tags: \[(.*)\]$", text, re.M).group(1))
    return text, title, tags


def print_step_medians(lines):
    """Median of each step of `dossier serve --timings` over the edits (to stderr)."""
    steps = {}
    for line in lines:
        if "timings:" not in line:
            continue
        for name, ms in re.findall(r"([a-z ]+?) (\d+) ms", line.split("timings:", 1)[1]):
            steps.setdefault(name.strip(), []).append(int(ms))
    medians = ", ".join("%s %s" % (k, statistics.median(v)) for k, v in steps.items())
    print("median ms per step: " + medians, file=sys.stderr)


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def main():
    tool, binary, corpus = sys.argv[1:4]
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    kind = sys.argv[5] if len(sys.argv) > 5 else "title"
    # Two corpus shapes: ../shared/bench/gen_corpus.py (content/posts/doc-NNNNNN.md, Hugo's
    # config at the corpus root) and the older scripts/gen_corpus.py (content/doc-NNNNN.md,
    # Hugo's site under hugo/).
    shared = os.path.isdir(os.path.join(corpus, "content", "posts"))
    docs_dir = os.path.join(corpus, "content", "posts") if shared else os.path.join(corpus, "content")
    names = sorted(f for f in os.listdir(docs_dir) if f.endswith(".md") and not f.startswith("_"))
    n = len(names)
    port = free_port()
    if tool == "dossier":
        cmd = [binary, "serve", "--root", corpus, "--port", str(port)]
        cmd += os.environ.get("SERVE_ARGS", "").split()
    else:
        cmd = [binary, "server", "--source", corpus if shared else os.path.join(corpus, "hugo"), "--port", str(port),
               "--bind", "127.0.0.1", "--noBuildLock", "--cacheDir", os.path.join(corpus, ".hugo-cache"),
               "--disableFastRender"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = Lines(proc.stdout)
    try:
        if tool == "dossier":
            out.wait(r"^Serving at ")
            channel = Sse(port, "/__dossier/events")
            assert channel.next_event()[0] == "hello"
        else:
            out.wait(r"Web Server is available")
            channel = LiveReload(port)
        name = names[n // 2][:-3]
        doc = "posts/" + name if shared else name
        path = os.path.join(docs_dir, name + ".md")
        original, title, tags = doc_info(path)
        times, server_ms, settled, checked = [], [], [], 0
        for k in range(edits):
            if kind == "title":
                new_title = "Bench edit %d %s" % (k, title)
                text = original.replace('title: "%s"' % title, 'title: "%s"' % new_title, 1)
            else:
                new_title = "Benchmarked sentence %d." % k
                text = original.rstrip("\n") + " " + new_title + "\n"
            seen = len(out.snapshot())
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            t0 = time.perf_counter()
            while True:
                if tool == "dossier":
                    name, data = channel.next_event()
                    if name == "reload" and ("/%s/index.html" % doc in data or '"all":true' in data):
                        break
                else:
                    msg = channel.next_message()
                    if msg.get("command") == "reload":
                        break
            times.append((time.perf_counter() - t0) * 1000)
            if tool == "dossier":
                _, m = out.wait(r"re-rendered(?: \([^)]*after the reload\))? in (\d+) ms", seen)
                server_ms.append(int(m.group(1)))
                pages = ["/%s/" % doc, "/archive/"] + ["/topics/%s/" % slugify(t) for t in tags]
                if kind == "body" or shared:
                    # Lists are split into pages on this corpus; the document's own page is
                    # what every edit must show.
                    pages = ["/%s/" % doc]
            else:
                _, m = out.wait(r"Total in (\d+) ms", seen)
                server_ms.append(int(m.group(1)))
                pages = ["/%s/" % doc, "/topics/%s/" % slugify(tags[0])]
                if kind == "body" or shared:
                    pages = ["/%s/" % doc]
            for p in pages:
                status, body = http_get(port, p)
                shown = new_title.replace("&", "&amp;")
                if status != 200 or shown not in body:
                    raise SystemExit("%s: %s does not show the new title after edit %d (status %d)" % (tool, p, k, status))
                checked += 1
            # Until every checked page was served with the new title and a list page could be
            # served (dossier renders the other changed pages right after the reload; a request
            # for one waits for them).
            http_get(port, "/archive/")
            settled.append((time.perf_counter() - t0) * 1000)
            time.sleep(float(os.environ.get("SPACING", "0.3")))
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(1.0)
        if tool == "dossier" and "--timings" in cmd:
            print_step_medians(out.snapshot())
        times_sorted = sorted(times)
        print(json.dumps({
            "tool": tool, "n": n, "edits": edits, "kind": kind,
            "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times_sorted[int(0.9 * (len(times) - 1))], 1),
            "min_ms": round(times_sorted[0], 1), "max_ms": round(times_sorted[-1], 1),
            "server_ms_median": statistics.median(server_ms),
            "settled_ms_median": round(statistics.median(settled), 1),
            "checked_pages": checked,
        }))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
