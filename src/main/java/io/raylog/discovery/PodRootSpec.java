package io.raylog.discovery;

import io.raylog.tail.TailRoot;
import java.nio.file.Path;

/**
 * One directory of a pod to tail, as the resolver found it. Immutable.
 *
 * @param container the Ray container whose files these are
 * @param hostDir where raylog reads it (host root prefix applied)
 * @param containerDir the path records show: the Ray temp dir as the container sees it, or the kubelet's log dir
 * @param layout a Ray temp dir holding sessions, or a kubelet container log dir
 * @param hostPathVolume whether the directory is on a hostPath volume, which other pods may share
 */
public record PodRootSpec(String container, Path hostDir, String containerDir, TailRoot.Layout layout,
    boolean hostPathVolume) implements TempDirOutcome {}
