// libFuzzer's driver, linked in by -sanitize=fuzzer (compiler-rt's FuzzerDriver.cpp). coedit-fuzz calls it from its
// own main, because SwiftPM renames an executable's main and so keeps libFuzzer's main out of the link.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
