package io.raylog.route;

/** How many records of one key of a {@link RateLimit} were dropped over its limit. */
public record KeyDrops(String key, long records) {}
