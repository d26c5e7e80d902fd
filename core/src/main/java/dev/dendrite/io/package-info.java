/**
 * Reading and writing files: {@link dev.dendrite.io.ModelFile}, the versioned,
 * checksummed container of a JSON spec and named float32 tensors that every saved
 * model uses, its single error type {@link dev.dendrite.io.ModelFileException},
 * and {@link dev.dendrite.io.Json}, the strict JSON reader and writer shared with
 * history files. The byte layout is documented in {@code docs/model-format.md}.
 */
package dev.dendrite.io;
