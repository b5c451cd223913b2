#!/usr/bin/env python3
"""The networked CRDT reference for `coedit-bench trace`: the same trace typed into one pycrdt (Yrs) document and
received by another through a relay server over loopback TCP, in the topology coedit's networked figure has.

Usage: pycrdt_relay_reference.py TRACE.json.gz EDITS [plain|sealed]

Three threads in this one process, two TCP connections on 127.0.0.1 (TCP_NODELAY, as coedit's sockets):
- the typist: one transaction per edit on its Y.Doc; the update that transaction produced (from the doc's observer)
  is sent to the relay as one frame;
- the relay (the server, as y-websocket's keeps a document per room): holds its own Y.Doc, applies each update it
  receives, then forwards the same update to the receiver as one frame (not back to its sender);
- the receiver: applies each update it receives to its Y.Doc.
Framing (the third argument, default `plain`):
- plain: every frame is a 4-byte big-endian length followed by the update (no encryption, no other framing);
- sealed: coedit's own transport framing (Docs/protocol.md §3, §5): a varint length header, then the update sealed
  with ChaCha20-Poly1305 (the `cryptography` package) under a per-direction key, the nonce 4 zero bytes and the
  direction's frame counter (u64, big-endian), the header as associated data, the 16-byte tag after the
  ciphertext; the relay opens each frame and seals it again for the receiver, and the receiver opens it. (No
  handshake: the keys are random, made before the run; one update per frame, as nothing else is sent.)
Lock-step, as
coedit's run: the typist sends the next update only when the receiver has applied the previous one (the receiver
tells it through an in-process event, not over TCP: a CRDT needs no acknowledgement).

Prints one JSON object: framing, edits, cpu_seconds (time.process_time of the loop: all three threads, the whole
process, sealing and opening included), tcp_bytes (every byte written on both connections: frames with their
headers and tags), frames, update_bytes (the updates alone), wall_seconds, and whether the three final texts equal
the trace replayed by string slicing.
"""
import json
import os
import socket
import struct
import sys
import threading
import time

import pycrdt
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from pycrdt_reference import load_edits, type_edit


def read_exactly(connection, count):
    """`count` bytes from `connection`, or None at end of stream."""
    chunks = []
    while count:
        chunk = connection.recv(count)
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def varint(value):
    """Unsigned LEB128, as coedit's frame header."""
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


class PlainLink:
    """One direction of a connection: 4-byte big-endian length ‖ payload."""

    def frame(self, payload):
        return struct.pack(">I", len(payload)) + payload

    def read(self, connection):
        header = read_exactly(connection, 4)
        if header is None:
            return None
        (length,) = struct.unpack(">I", header)
        return read_exactly(connection, length) if length else b""


class SealedLink:
    """One direction of a connection in coedit's framing: varint(L) ‖ ChaCha20-Poly1305(payload) ‖ tag, with
    L = len(payload) + 16, the nonce 4 zero bytes ‖ u64 counter, and varint(L) as associated data. The sender and
    the receiver each keep their own counter."""

    def __init__(self, key):
        self.aead = ChaCha20Poly1305(key)
        self.sent = 0
        self.opened = 0

    def frame(self, payload):
        header = varint(len(payload) + 16)
        nonce = b"\x00" * 4 + struct.pack(">Q", self.sent)
        self.sent += 1
        return header + self.aead.encrypt(nonce, payload, header)

    def read(self, connection):
        value, shift, header = 0, 0, b""
        while True:
            byte = read_exactly(connection, 1)
            if byte is None:
                return None
            header += byte
            value |= (byte[0] & 0x7F) << shift
            shift += 7
            if byte[0] < 0x80:
                break
        sealed = read_exactly(connection, value)
        nonce = b"\x00" * 4 + struct.pack(">Q", self.opened)
        self.opened += 1
        return self.aead.decrypt(nonce, sealed, header)


class Counter:
    """Bytes and frames written, over every connection."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.frames = 0

    def send_frame(self, connection, link, payload):
        frame = link.frame(payload)
        connection.sendall(frame)
        with self.lock:
            self.bytes += len(frame)
            self.frames += 1


def connect(port):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def main():
    edits, expected = load_edits(sys.argv[1], int(sys.argv[2]))
    framing = sys.argv[3] if len(sys.argv) > 3 else "plain"
    if framing == "sealed":
        to_relay, to_receiver = SealedLink(os.urandom(32)), SealedLink(os.urandom(32))
    elif framing == "plain":
        to_relay, to_receiver = PlainLink(), PlainLink()
    else:
        sys.exit(f"unknown framing {framing!r}: plain or sealed")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2)
    port = listener.getsockname()[1]
    typist_socket = connect(port)
    relay_from_typist, _ = listener.accept()
    receiver_socket = connect(port)
    relay_to_receiver, _ = listener.accept()
    for connection in (relay_from_typist, relay_to_receiver):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    counter = Counter()
    applied = threading.Event()
    relay_doc, receiver_doc, typist_doc = pycrdt.Doc(), pycrdt.Doc(), pycrdt.Doc()
    relay_text = relay_doc.get("text", type=pycrdt.Text)
    received_text = receiver_doc.get("text", type=pycrdt.Text)
    typed_text = typist_doc.get("text", type=pycrdt.Text)
    update_bytes = [0]

    def relay():
        while True:
            update = to_relay.read(relay_from_typist)
            if not update:  # end of stream, or the empty frame that ends the run
                counter.send_frame(relay_to_receiver, to_receiver, b"")
                return
            relay_doc.apply_update(update)
            counter.send_frame(relay_to_receiver, to_receiver, update)

    def receive():
        while True:
            update = to_receiver.read(receiver_socket)
            if not update:
                return
            receiver_doc.apply_update(update)
            applied.set()

    threads = [threading.Thread(target=relay), threading.Thread(target=receive)]
    for thread in threads:
        thread.start()

    updates = []
    subscription = typist_doc.observe(lambda event: updates.append(event.update))
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for edit in edits:
        type_edit(typist_doc, typed_text, edit)
        update = updates.pop()
        update_bytes[0] += len(update)
        applied.clear()
        counter.send_frame(typist_socket, to_relay, update)
        applied.wait()
    cpu_seconds = time.process_time() - started_cpu
    wall_seconds = time.perf_counter() - started_wall
    with counter.lock:  # every update has been relayed and applied: nothing else is in flight
        tcp_bytes, frames = counter.bytes, counter.frames
    typist_doc.unobserve(subscription)
    counter.send_frame(typist_socket, to_relay, b"")
    for thread in threads:
        thread.join()
    for connection in (typist_socket, receiver_socket, relay_from_typist, relay_to_receiver, listener):
        connection.close()

    print(json.dumps({
        "framing": framing,
        "edits": len(edits),
        "cpu_seconds": cpu_seconds,
        "wall_seconds": wall_seconds,
        "tcp_bytes": tcp_bytes,  # without the two empty frames that end the run
        "frames": frames,
        "update_bytes": update_bytes[0],
        "sender_matches": str(typed_text) == expected,
        "relay_matches": str(relay_text) == expected,
        "receiver_matches": str(received_text) == expected,
        "pycrdt": getattr(pycrdt, "__version__", "?"),
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
