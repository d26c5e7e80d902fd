package dev.dendrite.data;

/**
 * The one exception for malformed input data: a CSV or IDX file that cannot be
 * read as a dataset, a missing data folder, or labels that do not fit. The
 * message is a single line that names the source and the place, then what was
 * found and what was expected, for example {@code data.csv line 17: 5 columns,
 * expected 4}. It extends {@link IllegalArgumentException} so callers that
 * already handle bad arguments catch it without a new clause, while a CLI can
 * catch exactly this type and print the message alone.
 */
public class DataException extends IllegalArgumentException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
