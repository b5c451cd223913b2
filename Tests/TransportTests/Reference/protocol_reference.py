#!/usr/bin/env python3
"""An independent implementation of Docs/protocol.md (framing, handshake, sealed frames), written from the document
alone with Python's hashlib/hmac/secrets and the `cryptography` package (HKDF-SHA256, ChaCha20-Poly1305).

  python3 protocol_reference.py vector
      prints the document's test vector as `name = hex` lines
  python3 protocol_reference.py join HOST PORT SECRET MESSAGE [MESSAGE...]
      joins a running host with SECRET, sends the MESSAGEs (UTF-8) in one sealed frame (several as a bundle,
      §5.1), prints `role=...`, then reads sealed frames until it has one payload per message and prints each as
      `reply=<hex>` and the number of frames they came in as `frames=N`; on a refusal prints
      `refused code=N message=...` and exits 2
  python3 protocol_reference.py join-v2 HOST PORT
      plays a version 2 joiner (4-byte big-endian frame lengths, §4.3): sends its hello and prints the host's
      refusal as `refused code=N versions=MIN-MAX message=...` (exit 2)
  python3 protocol_reference.py messages
      prints the sync messages of the worked example (Docs/protocol.md §6.6) as `name = hex` lines, encoded from
      §6 alone (varints, zigzag `rev`/`seq` fields with per-direction references, binary changes)

Tests/TransportTests/InteropTests.swift runs `join` against the Swift host over loopback;
Tests/CollaborationTests/MessageCodecTests.swift compares `messages` with the Swift encoders.
"""
import hashlib
import hmac
import secrets
import socket
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"COEDIT"
VERSION = 4  # the protocol version this reference speaks (Docs/protocol.md §4.3)


def frame(payload: bytes) -> bytes:
    """A frame: the payload length as a varint header (§3), then the payload."""
    return varint(len(payload)) + payload


def hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


class Keys:
    def __init__(self, secret: bytes, joiner_nonce: bytes, host_nonce: bytes):
        salt = joiner_nonce + host_nonce
        self.auth = hkdf(secret, salt, b"coedit/1 auth")
        self.j2h = hkdf(secret, salt, b"coedit/1 joiner to host")
        self.h2j = hkdf(secret, salt, b"coedit/1 host to joiner")

    def joiner_proof(self, transcript: bytes) -> bytes:
        return hmac.new(self.auth, b"coedit/1 joiner proof" + transcript, hashlib.sha256).digest()

    def host_proof(self, transcript: bytes, role: int, joiner_proof: bytes) -> bytes:
        data = b"coedit/1 host proof" + transcript + bytes([role]) + joiner_proof
        return hmac.new(self.auth, data, hashlib.sha256).digest()


def nonce(counter: int) -> bytes:
    return b"\x00" * 4 + struct.pack(">Q", counter)


def seal(key: bytes, counter: int, plaintext: bytes) -> bytes:
    aad = varint(len(plaintext) + 16)  # the frame's own header, as sent
    return frame(ChaCha20Poly1305(key).encrypt(nonce(counter), plaintext, aad))


def open_sealed(key: bytes, counter: int, payload: bytes) -> bytes:
    return ChaCha20Poly1305(key).decrypt(nonce(counter), payload, varint(len(payload)))


def bundle(payloads: list) -> bytes:
    """The plaintext of one sealed frame carrying the payloads (§5.1)."""
    if len(payloads) == 1 and payloads[0][:1] != b"\x00":
        return payloads[0]
    return b"\x00" + b"".join(varint(len(p)) + p for p in payloads)


def unbundle(plaintext: bytes) -> list:
    if plaintext[:1] != b"\x00":
        return [plaintext]
    payloads, offset = [], 1
    while offset < len(plaintext):
        length, offset = read_varint(plaintext, offset)
        assert offset + length <= len(plaintext), "record beyond the frame"
        payloads.append(plaintext[offset:offset + length])
        offset += length
    assert payloads, "empty bundle"
    return payloads


def read_varint(data: bytes, offset: int) -> tuple:
    value, shift, start = 0, 0, offset
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            assert byte != 0 or offset - start == 1, "varint not minimal"
            assert offset - start <= 5, "varint too long"
            return value, offset


def hello(nonce_bytes: bytes) -> bytes:
    return bytes([0x01]) + MAGIC + struct.pack(">HH", VERSION, VERSION) + nonce_bytes


def vector() -> None:
    secret = "pässwörd ✓ 秘密".encode("utf-8")
    joiner_nonce = bytes(range(0x00, 0x20))
    host_nonce = bytes(range(0x20, 0x40))
    joiner_hello = hello(joiner_nonce)
    host_hello = bytes([0x02]) + MAGIC + struct.pack(">H", VERSION) + host_nonce
    transcript = frame(joiner_hello) + frame(host_hello)
    keys = Keys(secret, joiner_nonce, host_nonce)
    joiner_proof = keys.joiner_proof(transcript)
    role = 0  # editor
    host_proof = keys.host_proof(transcript, role, joiner_proof)
    rows = [
        ("joiner_hello_frame", frame(joiner_hello)),
        ("host_hello_frame", frame(host_hello)),
        ("auth_key", keys.auth),
        ("joiner_to_host_key", keys.j2h),
        ("host_to_joiner_key", keys.h2j),
        ("joiner_proof_frame", frame(bytes([0x03]) + joiner_proof)),
        ("host_proof_frame", frame(bytes([0x04, role]) + host_proof)),
        ("joiner_frame_0", seal(keys.j2h, 0, "héllo, wörld ✓".encode("utf-8"))),
        ("host_frame_0", seal(keys.h2j, 0, "漢字 👍🏽".encode("utf-8"))),
        ("host_frame_1", seal(keys.h2j, 1, bundle([bytes([0x53]), "ça ✓".encode("utf-8")]))),
    ]
    for name, value in rows:
        print(f"{name} = {value.hex()}")


def read_exactly(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def read_frame(sock: socket.socket, limit: int) -> bytes:
    header = read_exactly(sock, 1)
    while header[-1] & 0x80:
        assert len(header) < 5, "frame header too long"
        header += read_exactly(sock, 1)
    length, _ = read_varint(header, 0)
    if length > limit:
        raise ValueError(f"frame of {length} bytes exceeds {limit}")
    return read_exactly(sock, length)


def refused(payload: bytes) -> None:
    print(f"refused code={payload[1]} message={payload[6:].decode('utf-8', 'replace')}")
    sys.exit(2)


def join(host: str, port: int, secret: bytes, messages: list) -> None:
    with socket.create_connection((host, port), timeout=5) as sock:
        joiner_nonce = secrets.token_bytes(32)
        joiner_hello = hello(joiner_nonce)
        sock.sendall(frame(joiner_hello))
        host_hello = read_frame(sock, 1024)
        if host_hello[0] == 0x05:
            refused(host_hello)
        assert host_hello[0] == 0x02 and host_hello[1:7] == MAGIC, "not a host hello"
        (version,) = struct.unpack(">H", host_hello[7:9])
        assert version == VERSION, f"unsupported version {version}"
        keys = Keys(secret, joiner_nonce, host_hello[9:41])
        transcript = frame(joiner_hello) + frame(host_hello)
        proof = keys.joiner_proof(transcript)
        sock.sendall(frame(bytes([0x03]) + proof))
        answer = read_frame(sock, 1024)
        if answer[0] == 0x05:
            refused(answer)
        assert answer[0] == 0x04 and len(answer) == 34, "not a host proof"
        role = answer[1]
        if not hmac.compare_digest(answer[2:], keys.host_proof(transcript, role, proof)):
            print("host proof invalid")
            sys.exit(3)
        print("role=" + {0: "editor", 1: "read-only"}[role])
        sock.sendall(seal(keys.j2h, 0, bundle(messages)))
        replies, frames = [], 0
        while len(replies) < len(messages):
            replies += unbundle(open_sealed(keys.h2j, frames, read_frame(sock, 16 * 1024 * 1024)))
            frames += 1
        for reply in replies:
            print("reply=" + reply.hex())
        print(f"frames={frames}")
        sys.stdout.flush()


def join_v2(host: str, port: int) -> None:
    """A version 2 joiner: 4-byte big-endian frame lengths, versions 2-2."""
    with socket.create_connection((host, port), timeout=5) as sock:
        old_hello = bytes([0x01]) + MAGIC + struct.pack(">HH", 2, 2) + secrets.token_bytes(32)
        sock.sendall(struct.pack(">I", len(old_hello)) + old_hello)
        (length,) = struct.unpack(">I", read_exactly(sock, 4))
        assert length <= 1024, f"frame of {length} bytes"
        answer = read_exactly(sock, length)
        assert answer[0] == 0x05, "not a refusal"
        low, high = struct.unpack(">HH", answer[2:6])
        print(f"refused code={answer[1]} versions={low}-{high} message={answer[6:].decode('utf-8', 'replace')}")
        sys.exit(2)


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def zigzag(difference: int) -> int:
    return 2 * difference if difference >= 0 else -2 * difference - 1


def string(text: str) -> bytes:
    data = text.encode("utf-8")
    return varint(len(data)) + data


class References:
    """The `rev` and `seq` references of one direction of one connection (§6.1)."""

    def __init__(self) -> None:
        self.revision = 0
        self.sequence = 0

    def rev(self, revision: int) -> bytes:
        out = varint(zigzag(revision - self.revision))
        self.revision = revision
        return out

    def seq(self, sequence: int) -> bytes:
        out = varint(zigzag(sequence - self.sequence))
        self.sequence = sequence
        return out


def change(base_length: int, operations: list) -> bytes:
    """operations: ("retain", n), ("delete", n) or ("insert", text); a trailing retain is left out (§6.2)."""
    if operations and operations[-1][0] == "retain":
        operations = operations[:-1]
    out = varint(base_length) + varint(len(operations))
    for kind, value in operations:
        if kind == "insert":
            data = value.encode("utf-8")
            out += varint(len(data) << 2 | 2) + data
        else:
            out += varint(value << 2 | (0 if kind == "retain" else 1))
    return out


def word_hash(text: str) -> bytes:
    """The version-2 revision hash (Docs/protocol.md §6.2, `hash`)."""
    mask = (1 << 64) - 1

    def step(h: int, w: int) -> int:
        m = ((h ^ w) * 0x100000001B3) & mask
        return m ^ (m >> 32)

    data = text.encode("utf-8")
    h = 0xCBF29CE484222325
    for start in range(0, len(data), 8):
        h = step(h, int.from_bytes(data[start:start + 8].ljust(8, b"\0"), "little"))
    h = step(h, len(data))
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & mask
    h ^= h >> 33
    return struct.pack(">Q", h)


def messages() -> None:
    up, author, other = References(), References(), References()
    edit = change(11, [("retain", 6), ("insert", "✓ "), ("retain", 5)])
    text = "héllo ✓ wörld"
    rows = [
        ("hello", bytes([0x01]) + struct.pack(">Q", 0x0123456789ABCDEF) + string("zoé") + bytes([0x01])
            + struct.pack(">Q", 0x5EED) + up.rev(300) + bytes([0x00]) + up.seq(7)),
        ("submit", bytes([0x02]) + up.seq(7) + up.rev(300) + edit),
        ("submit_following", bytes([0x06]) + up.seq(8) + up.rev(300) + change(13, [("retain", 13), ("insert", "!")])),
    ]
    author.rev(300)  # each joiner's welcome resumed at revision 300
    other.rev(300)
    rows += [
        ("ack", bytes([0x42]) + author.seq(7) + author.rev(301)),
        ("broadcast", bytes([0x4B]) + other.rev(301) + varint(2) + edit + word_hash(text)),
        ("history_request", bytes([0x12, 0x01]) + up.rev(301)),
        ("history_reply", bytes([0x54, 0x00]) + author.rev(301) + author.rev(0) + author.rev(302)
            + varint(1_790_000_000_000) + bytes([0x01]) + string("zoé") + bytes([0x01]) + edit + string(text)),
    ]
    for name, value in rows:
        print(f"{name} = {value.hex()}")


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "vector":
        vector()
    elif len(sys.argv) == 2 and sys.argv[1] == "messages":
        messages()
    elif len(sys.argv) >= 6 and sys.argv[1] == "join":
        join(sys.argv[2], int(sys.argv[3]), sys.argv[4].encode("utf-8"), [m.encode("utf-8") for m in sys.argv[5:]])
    elif len(sys.argv) == 4 and sys.argv[1] == "join-v2":
        join_v2(sys.argv[2], int(sys.argv[3]))
    else:
        print(__doc__)
        sys.exit(64)


if __name__ == "__main__":
    main()
