package dev.stepwise.git.jgit;

import dev.stepwise.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A person merging Stepwise's pull requests: every {@link #PERIOD} of virtual time, each
 * {@code stepwise/...} branch not merged yet is merged into {@code main} with a merge commit,
 * the change outside a rollout (the route set up) first, then the steps in order.
 */
final class Reviewer {

    static final Duration PERIOD = Duration.ofSeconds(25);

    private final BareRepository remote;
    private final VirtualScheduler scheduler;
    private final List<String> merged = new ArrayList<>();

    Reviewer(BareRepository remote, VirtualScheduler scheduler) {
        this.remote = remote;
        this.scheduler = scheduler;
        scheduler.schedule(PERIOD, this::review);
    }

    /** The branches merged so far, in order. */
    List<String> merged() {
        return List.copyOf(merged);
    }

    /** Merges every open pull request now. */
    void mergeOpenPullRequests() {
        List<String> open = remote.branches().stream()
                .filter(b -> b.startsWith(GitManifestSink.BRANCH_PREFIX) && !merged.contains(b))
                .sorted(Comparator.comparingLong(Reviewer::order)).toList();
        for (String branch : open) {
            remote.mergeAsPerson("Rita Reviewer", branch);
            merged.add(branch);
        }
    }

    private void review() {
        mergeOpenPullRequests();
        scheduler.schedule(PERIOD, this::review);
    }

    /** Changes outside a rollout ({@code .../change-<commit>}) first, then steps by number. */
    private static long order(String branch) {
        String last = branch.substring(branch.lastIndexOf('/') + 1);
        return last.matches("\\d+") ? Long.parseLong(last) : -1;
    }
}
