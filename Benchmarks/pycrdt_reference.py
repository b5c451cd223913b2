#!/usr/bin/env python3
"""The CRDT reference for `coedit-bench trace`: a sequential editing trace typed into one pycrdt (Yrs) document and
received by another, one transaction per edit, measured in the same run as coedit.

Usage: pycrdt_reference.py TRACE.json.gz EDITS

Each edit of the first EDITS edits of the trace is one transaction on the sender's Y.Doc; the update that
transaction produced (from the doc's observer) is applied to the receiver's Y.Doc at once. Prints one JSON object:
edits, update_bytes (the sum of the update sizes: what would go on the wire, without any framing), cpu_seconds
(time.process_time of the loop, both documents), and whether both final texts equal the trace replayed by string
slicing (positions count code points, as Python's str does).
"""
import gzip
import json
import sys
import time

import pycrdt


def load_edits(path, limit):
    """The first `limit` edits of the trace at `path` (position, deleted count, inserted text; code points) and the
    text they lead to, replayed by string slicing."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        trace = json.load(handle)
    edits = [patch for txn in trace["txns"] for patch in txn["patches"]][:limit]
    expected = trace["startContent"]
    for position, deleted, inserted in edits:
        expected = expected[:position] + inserted + expected[position + deleted:]
    return edits, expected


def type_edit(doc, text, edit):
    """Applies one trace edit to `text` of `doc` as one transaction."""
    position, deleted, inserted = edit
    with doc.transaction():
        if deleted:
            del text[position:position + deleted]
        if inserted:
            text.insert(position, inserted)


def main():
    edits, expected = load_edits(sys.argv[1], int(sys.argv[2]))

    sender, receiver = pycrdt.Doc(), pycrdt.Doc()
    sent_text = sender.get("text", type=pycrdt.Text)
    received_text = receiver.get("text", type=pycrdt.Text)
    updates = []
    subscription = sender.observe(lambda event: updates.append(event.update))

    update_bytes = 0
    started = time.process_time()
    for edit in edits:
        type_edit(sender, sent_text, edit)
        update = updates.pop()
        update_bytes += len(update)
        receiver.apply_update(update)
    cpu_seconds = time.process_time() - started
    sender.unobserve(subscription)

    print(json.dumps({
        "edits": len(edits),
        "update_bytes": update_bytes,
        "cpu_seconds": cpu_seconds,
        "sender_matches": str(sent_text) == expected,
        "receiver_matches": str(received_text) == expected,
        "pycrdt": getattr(pycrdt, "__version__", "?"),
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
