package io.raylog.tail.spool;

/**
 * How much of its budget the spool uses, for metrics and the status page.
 *
 * @param oldestCreatedMillis when the oldest copy still spooled was made; 0 when there is none
 */
public record SpoolUsage(long bytes, int files, long oldestCreatedMillis, long maxBytes) {}
