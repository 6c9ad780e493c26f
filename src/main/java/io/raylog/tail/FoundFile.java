package io.raylog.tail;

import io.raylog.record.FileKey;
import java.nio.file.Path;

/** A regular file found by a scan, with its identity at that moment. */
public record FoundFile(Path path, FileKey key, long size, SessionDir session) {}
