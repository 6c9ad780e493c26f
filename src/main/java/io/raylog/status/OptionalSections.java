package io.raylog.status;

import io.raylog.discovery.PodStatus;
import io.raylog.retention.RetentionStatus;
import io.raylog.tail.spool.SpoolUsage;
import java.util.List;
import java.util.Map;

/**
 * The sections of {@code /status} that only some runs have; a null one is left out of the JSON, so a page reader
 * never mistakes "not running" for "empty". One record rather than an overload per combination, so adding a section
 * does not multiply the ways to call {@link StatusSnapshot#json}.
 *
 * @param pods the Ray pods of the node in Kubernetes mode; null in static mode
 * @param spool the spool's usage; null when nothing reports it
 * @param retention where retention stands; null when it is off
 * @param configReload the configuration reloads (counts by result, the last one and why it was refused); null when
 *     the configuration is not reloaded (raylog run in-process, as the tests do)
 */
public record OptionalSections(List<PodStatus> pods, SpoolUsage spool, RetentionStatus retention,
    Map<String, Object> configReload) {

  /** No optional section: static mode, no spool, retention off. */
  public static final OptionalSections NONE = new OptionalSections(null, null, null, null);

  public OptionalSections withPods(List<PodStatus> pods) {
    return new OptionalSections(pods, spool, retention, configReload);
  }

  public OptionalSections withSpool(SpoolUsage spool) {
    return new OptionalSections(pods, spool, retention, configReload);
  }

  public OptionalSections withRetention(RetentionStatus retention) {
    return new OptionalSections(pods, spool, retention, configReload);
  }

  public OptionalSections withConfigReload(Map<String, Object> configReload) {
    return new OptionalSections(pods, spool, retention, configReload);
  }
}
