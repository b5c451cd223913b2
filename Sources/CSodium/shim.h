// libsodium (Debian: libsodium-dev): the sealed frames' ChaCha20-Poly1305 (Sources/Transport/FrameCipher.swift).
#include <sodium.h>
