#!/usr/bin/env python3
"""An agent that reports its sensitivity signals to the AgentCore coordination-server.

Standard library only (urllib, json). It reports a batch of signals, shows how a refused call
is handled (the server names each invalid field), then reads the agent's state back.

    COORDINATION_SERVER_URL=http://127.0.0.1:8080 python3 docs/examples/python/agent.py

COORDINATION_TOKEN, when the server has authentication on, is sent as a bearer token. Reporting
needs the agent's own token (role agent:<id>) or an admin token; reading the state back needs a
router or admin token. AGENT_ID names the agent (default python-agent-1).
"""

import json
import os
import sys
import urllib.error
import urllib.request
import uuid

SERVER_URL = os.environ.get("COORDINATION_SERVER_URL", "http://127.0.0.1:8080").rstrip("/")
TOKEN = os.environ.get("COORDINATION_TOKEN") or None
AGENT_ID = os.environ.get("AGENT_ID", "python-agent-1")


class RpcError(Exception):
    """A JSON-RPC error answer: code, message and the data the server attached (issues, ...)."""

    def __init__(self, code, message, data=None):
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
        self.data = data or {}


def call(method, params=None):
    """One JSON-RPC 2.0 call on POST /rpc; returns the result or raises RpcError."""
    request = {"jsonrpc": "2.0", "id": str(uuid.uuid4()), "method": method}
    if params is not None:
        request["params"] = params
    headers = {"content-type": "application/json"}
    if TOKEN:
        headers["authorization"] = f"Bearer {TOKEN}"
    http_request = urllib.request.Request(
        f"{SERVER_URL}/rpc", data=json.dumps(request).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(http_request, timeout=5) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        # 401, 413 and 429 still carry a JSON-RPC error in the body.
        try:
            answer = json.load(error)
        except ValueError:
            raise RpcError(-32603, f"HTTP {error.code} without a JSON-RPC answer") from error
    if "error" in answer:
        error = answer["error"]
        raise RpcError(error["code"], error["message"], error.get("data"))
    return answer["result"]


def report(readings, ttl_seconds=60):
    """Reports every reading in one batch: all are stored, or none."""
    signals = [
        {"agent_id": AGENT_ID, "signal_type": signal_type, "value": value, "ttl_seconds": ttl_seconds}
        for signal_type, value in readings.items()
    ]
    return call("coordination.signal", {"signals": signals})


def main():
    # What this agent measures about itself, each in 0..1 (see docs/coordination-core.md):
    # load = in-flight tasks / max concurrent tasks, capacity = max concurrent tasks / 16,
    # quality = share of recent tasks done well, latency = mean task time / 10 s,
    # availability = 1 while accepting work.
    readings = {"load": 0.35, "capacity": 0.5, "quality": 0.92, "latency": 0.12, "availability": 1}
    result = report(readings)
    print(f"reported {result['accepted']} signals for {AGENT_ID}: "
          + " ".join(f"{signal_type}={value}" for signal_type, value in readings.items()))

    # A reading out of range: the whole batch is refused and error.data.issues names each problem.
    try:
        report({"load": 0.4, "quality": 1.7})
    except RpcError as error:
        if error.code != -32602:
            raise
        print(f"the server refused a batch ({error.code} {error.message}):")
        for issue in error.data.get("issues", []):
            print(f"  {issue['path']}: {issue['message']}")

    state = call("coordination.state", {"agent_id": AGENT_ID})
    if state is None:
        print(f"the server does not know {AGENT_ID}")
        return 1
    print(f"state of {AGENT_ID} (last updated {state['last_updated']}):")
    for signal_type, signal in sorted(state["signals"].items()):
        print(f"  {signal_type:<13} {signal['value']:<5} ttl {signal['ttl_seconds']} s, confidence {signal['confidence']}")
    scores = ("load", "capacity", "quality", "cost", "availability", "routing")
    print("  scores: " + " ".join(f"{name}={state[name + '_score']:.3f}" for name in scores))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RpcError as error:
        print(f"coordination-server at {SERVER_URL} answered {error}", file=sys.stderr)
        sys.exit(1)
    except urllib.error.URLError as error:
        print(f"cannot reach the coordination-server at {SERVER_URL}: {error.reason}", file=sys.stderr)
        sys.exit(1)
