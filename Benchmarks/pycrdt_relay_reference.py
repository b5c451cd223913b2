#!/usr/bin/env python3
"""The networked CRDT reference for `coedit-bench trace`: the same trace typed into one pycrdt (Yrs) document and
received by another through a relay server over loopback TCP, in the topology coedit's networked figure has.

Usage: pycrdt_relay_reference.py TRACE.json.gz EDITS

Three threads in this one process, two TCP connections on 127.0.0.1 (TCP_NODELAY, as coedit's sockets):
- the typist: one transaction per edit on its Y.Doc; the update that transaction produced (from the doc's observer)
  is sent to the relay as one frame;
- the relay (the server, as y-websocket's keeps a document per room): holds its own Y.Doc, applies each update it
  receives, then forwards the same update to the receiver as one frame (not back to its sender);
- the receiver: applies each update it receives to its Y.Doc.
Every frame is a 4-byte big-endian length followed by the update (no encryption, no other framing). Lock-step, as
coedit's run: the typist sends the next update only when the receiver has applied the previous one (the receiver
tells it through an in-process event, not over TCP: a CRDT needs no acknowledgement).

Prints one JSON object: edits, cpu_seconds (time.process_time of the loop: all three threads, the whole process),
tcp_bytes (every byte written on both connections: frames with their length prefixes), frames, update_bytes (the
updates alone), wall_seconds, and whether the three final texts equal the trace replayed by string slicing.
"""
import json
import socket
import struct
import sys
import threading
import time

import pycrdt

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


def read_frame(connection):
    header = read_exactly(connection, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    return read_exactly(connection, length) if length else b""


class Counter:
    """Bytes and frames written, over every connection."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.frames = 0

    def send_frame(self, connection, payload):
        frame = struct.pack(">I", len(payload)) + payload
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
            update = read_frame(relay_from_typist)
            if not update:  # end of stream, or the empty frame that ends the run
                counter.send_frame(relay_to_receiver, b"")
                return
            relay_doc.apply_update(update)
            counter.send_frame(relay_to_receiver, update)

    def receive():
        while True:
            update = read_frame(receiver_socket)
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
        counter.send_frame(typist_socket, update)
        applied.wait()
    cpu_seconds = time.process_time() - started_cpu
    wall_seconds = time.perf_counter() - started_wall
    typist_doc.unobserve(subscription)
    counter.send_frame(typist_socket, b"")
    for thread in threads:
        thread.join()
    for connection in (typist_socket, receiver_socket, relay_from_typist, relay_to_receiver, listener):
        connection.close()

    print(json.dumps({
        "edits": len(edits),
        "cpu_seconds": cpu_seconds,
        "wall_seconds": wall_seconds,
        "tcp_bytes": counter.bytes - 8,  # without the two empty frames that end the run
        "frames": counter.frames - 2,
        "update_bytes": update_bytes[0],
        "sender_matches": str(typed_text) == expected,
        "relay_matches": str(relay_text) == expected,
        "receiver_matches": str(received_text) == expected,
        "pycrdt": getattr(pycrdt, "__version__", "?"),
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
