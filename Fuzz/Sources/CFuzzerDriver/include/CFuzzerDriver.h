#ifndef LANDCONTROL_CFUZZERDRIVER_H
#define LANDCONTROL_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt's FuzzerDriver.cpp, linked by -sanitize=fuzzer): parses
/// the libFuzzer flags in argv and runs `callback` on every input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// LeakSanitizer (part of -sanitize=address; sanitizer/lsan_interface.h): allocations made
/// between __lsan_disable() and __lsan_enable() on this thread are never reported as leaks.
void __lsan_disable(void);
void __lsan_enable(void);

#endif
