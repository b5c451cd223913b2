#!/usr/bin/env python3
"""Independent reference for Docs/protocol.md: recomputes the test vector with Python's hashlib/hmac and the
`cryptography` package (HKDF-SHA256, ChaCha20-Poly1305), from the document alone, not from the Swift code.

Run: python3 Tests/TransportTests/Reference/protocol_vector.py   (prints the vector as `name = hex` lines)
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"COEDIT"


def frame(payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + payload


def hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def seal(key: bytes, counter: int, plaintext: bytes) -> bytes:
    nonce = b"\x00" * 4 + struct.pack(">Q", counter)
    aad = struct.pack(">I", len(plaintext) + 16)
    return frame(ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad))


def main() -> None:
    secret = "pässwörd ✓ 秘密".encode("utf-8")
    joiner_nonce = bytes(range(0x00, 0x20))
    host_nonce = bytes(range(0x20, 0x40))
    joiner_hello = bytes([0x01]) + MAGIC + struct.pack(">HH", 1, 1) + joiner_nonce
    host_hello = bytes([0x02]) + MAGIC + struct.pack(">H", 1) + host_nonce
    transcript = frame(joiner_hello) + frame(host_hello)
    salt = joiner_nonce + host_nonce
    auth_key = hkdf(secret, salt, b"coedit/1 auth")
    j2h_key = hkdf(secret, salt, b"coedit/1 joiner to host")
    h2j_key = hkdf(secret, salt, b"coedit/1 host to joiner")
    joiner_proof = hmac.new(auth_key, b"coedit/1 joiner proof" + transcript, hashlib.sha256).digest()
    role = 0  # editor
    host_proof = hmac.new(auth_key, b"coedit/1 host proof" + transcript + bytes([role]) + joiner_proof,
                          hashlib.sha256).digest()
    rows = [
        ("joiner_hello_frame", frame(joiner_hello)),
        ("host_hello_frame", frame(host_hello)),
        ("auth_key", auth_key),
        ("joiner_to_host_key", j2h_key),
        ("host_to_joiner_key", h2j_key),
        ("joiner_proof_frame", frame(bytes([0x03]) + joiner_proof)),
        ("host_proof_frame", frame(bytes([0x04, role]) + host_proof)),
        ("joiner_frame_0", seal(j2h_key, 0, "héllo, wörld ✓".encode("utf-8"))),
        ("host_frame_0", seal(h2j_key, 0, "漢字 👍🏽".encode("utf-8"))),
    ]
    for name, value in rows:
        print(f"{name} = {value.hex()}")


if __name__ == "__main__":
    main()
