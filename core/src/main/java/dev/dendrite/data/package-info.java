/**
 * Data for training: the immutable {@link dev.dendrite.data.Dataset}, readers
 * for CSV ({@link dev.dendrite.data.CsvReader}) and IDX
 * ({@link dev.dendrite.data.IdxReader}) files, the embedded digits and
 * MNIST-style folders ({@link dev.dendrite.data.Datasets}), feature scaling
 * ({@link dev.dendrite.data.Normalizer}), the encoding of a table's
 * categorical columns and missing cells ({@link dev.dendrite.data.Preprocessor}),
 * seeded stratified splits ({@link dev.dendrite.data.Split}) and folds
 * ({@link dev.dendrite.data.Folds}) and seeded mini-batches
 * ({@link dev.dendrite.data.DataLoader}). Malformed input is always a
 * {@link dev.dendrite.data.DataException} whose one-line message names the
 * file, the line and what was expected.
 */
package dev.dendrite.data;
