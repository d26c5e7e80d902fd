/*
 * A minimal disassembler plug-in for HotSpot's -XX:+PrintAssembly, built on the
 * Capstone library, for machines where no hsdis binary is at hand. HotSpot
 * looks up decode_instructions_virtual and calls it on a range of code; this
 * prints one instruction per line with its address and ignores HotSpot's
 * optional markup events. Build and use: see bench/tools/hsdis.sh.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdint.h>

typedef void *(*event_callback_t)(void *stream, const char *event, void *arg);
typedef int (*printf_callback_t)(void *stream, const char *format, ...);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
                                  unsigned char *buffer, uintptr_t length,
                                  event_callback_t event_callback, void *event_stream,
                                  printf_callback_t printf_callback, void *printf_stream,
                                  const char *options, int newline) {
    (void) end_va;
    (void) options;
    csh handle;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        return (void *) start_va;
    }
    cs_insn *insn;
    size_t count = cs_disasm(handle, buffer, length, start_va, 0, &insn);
    uintptr_t end = start_va;
    for (size_t i = 0; i < count; i++) {
        /* The insn events let HotSpot interleave its comments (source lines, stubs). */
        if (event_callback) {
            event_callback(event_stream, "insn", (void *) (uintptr_t) insn[i].address);
        }
        printf_callback(printf_stream, "%-8s %s", insn[i].mnemonic, insn[i].op_str);
        if (event_callback) {
            event_callback(event_stream, "/insn", (void *) (uintptr_t) (insn[i].address + insn[i].size));
        }
        if (newline) {
            printf_callback(printf_stream, "\n");
        }
        end = insn[i].address + insn[i].size;
    }
    if (count > 0) {
        cs_free(insn, count);
    }
    cs_close(&handle);
    return (void *) end;
}
