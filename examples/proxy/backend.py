"""A minimal application backend answering Pulsegate's (and Centrifugo's) HTTP proxy, Python standard library only.

Pulsegate POSTs one JSON body per event to http://127.0.0.1:3000/centrifugo/<event>; see docs/proxy.md.

    python3 examples/proxy/backend.py 3000
"""
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SESSIONS = {"secret-alice": "alice", "secret-bob": "bob"}  # your session store


def connect(req, headers):
    match = re.search(r"(?:^|;\s*)session=([^;]+)", headers.get("Cookie", ""))
    user = SESSIONS.get(match.group(1)) if match else None
    if not user:
        return {"disconnect": {"code": 4501, "reason": "unauthorized"}}
    return {"result": {"user": user, "info": {"name": user}, "data": {"motd": f"welcome, {user}"}}}


def subscribe(req, headers):
    if req["channel"].startswith("chat:"):
        return {"result": {"info": {"role": "member"}}}
    return {"error": {"code": 403, "message": "permission denied"}}


def publish(req, headers):
    text = (req.get("data") or {}).get("text")
    if not isinstance(text, str) or len(text) > 500:
        return {"error": {"code": 400, "message": "text required"}}
    return {"result": {"data": {"text": text, "by": req["user"], "at": int(time.time() * 1000)}}}


def rpc(req, headers):
    if req.get("method") == "echo":
        return {"result": {"data": req.get("data")}}
    return {"error": {"code": 404, "message": "unknown method"}}


HANDLERS = {"connect": connect, "subscribe": subscribe, "publish": publish, "rpc": rpc}


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: Pulsegate pools connections
    def do_POST(self):
        handler = HANDLERS.get(self.path.rsplit("/", 1)[-1])
        if handler is None:
            self.send_response(404)
            self.end_headers()
            return
        req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        body = json.dumps(handler(req, self.headers)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 3000), Proxy)
    print("backend ready", flush=True)
    server.serve_forever()
