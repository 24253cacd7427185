package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.RemoteHistory.Snapshot;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the history the {@code kill -9} crash test left on the remote, commit by commit, and
 * lists every violation found (none is the only good answer). What "exact" means for steps applied
 * again after a crash: a re-applied step writes the same files, and an unchanged file makes no
 * commit, while a commit made but not pushed before the kill is dropped by the next sync. So on
 * the remote every commit changes exactly one thing, the route or the stored rollout, and:
 * <ul>
 *   <li>{@code main} is linear: one parent per commit, nothing forced away (every value of
 *       {@code main} in the remote's reflog is still in its history);
 *   <li>the route's first commit creates it at all-stable, before any state is stored;
 *   <li>every later change of the route was written ahead: the stored rollout at that commit
 *       has the new split and pending actions;
 *   <li>per revision, the route's splits are exactly {@link ReleaseTrain#splits}, each once:
 *       never a step skipped, repeated, out of the plan, or a way back other than the planned end;
 *   <li>the stored rollout's version goes up by exactly one with every commit that saves it;
 *   <li>each revision's last record is committed and ends as {@link ReleaseTrain#outcome} says,
 *       and once ended it does not leave that phase;
 *   <li>at the head, the stored rollout is the last revision's, ended and committed, and its split
 *       is the route's (the live split is the stored one).
 * </ul>
 */
final class CrashHistoryCheck {

    private final List<String> violations = new ArrayList<>();
    private final Map<String, List<TrafficSplit>> splitsByRevision = new LinkedHashMap<>();
    private final Map<String, StoredRollout> lastByRevision = new LinkedHashMap<>();

    private CrashHistoryCheck() {
    }

    /** The violations of {@code history} ({@code main} oldest first) for a train that ended with {@code last}. */
    static List<String> violations(List<Snapshot> history, List<String> reflog, RemoteHistory remote, String last) {
        CrashHistoryCheck check = new CrashHistoryCheck();
        check.walk(history);
        check.revisions(last);
        check.head(history.get(history.size() - 1), last);
        for (String value : reflog) {
            if (!remote.reachable(value)) {
                check.violations.add("main once pointed to " + value + ", which is no longer in its history");
            }
        }
        return List.copyOf(check.violations);
    }

    private void walk(List<Snapshot> history) {
        long version = 0;
        for (int i = 1; i < history.size(); i++) {
            Snapshot before = history.get(i - 1);
            Snapshot commit = history.get(i);
            if (commit.parents() != 1) {
                violations.add(commit.id() + " has " + commit.parents() + " parents");
            }
            boolean route = !commit.trafficBlobs().equals(before.trafficBlobs());
            long saved = commit.state().map(StoredRollout::version).orElse(0L);
            boolean state = saved != version;
            if (route == state) {
                violations.add(commit.id() + " (" + commit.subject() + ") changes " + (route ? "both the route and the state"
                        : "neither the route nor the state"));
            }
            if (state) {
                if (saved != version + 1) {
                    violations.add(commit.id() + " saves version " + saved + " after version " + version);
                }
                version = saved;
                commit.state().ifPresent(this::stateSaved);
            }
            if (route) {
                routeChanged(before, commit);
            }
        }
    }

    private void stateSaved(StoredRollout saved) {
        String revision = saved.state().revision();
        StoredRollout previous = lastByRevision.put(revision, saved);
        if (previous != null && previous.state().phase().isTerminal() && previous.isCommitted()
                && saved.state().phase() != previous.state().phase()) {
            violations.add(revision + " left its end " + previous.state().phase() + " for " + saved.state().phase()
                    + " at version " + saved.version());
        }
    }

    private void routeChanged(Snapshot before, Snapshot commit) {
        TrafficSplit split = commit.split().orElse(null);
        if (split == null) {
            violations.add(commit.id() + " removes the route");
            return;
        }
        if (before.split().isEmpty()) {
            if (!split.isAllStable() || commit.state().isPresent()) {
                violations.add(commit.id() + " creates the route at " + split + " with state " + commit.state());
            }
            return;
        }
        Optional<StoredRollout> ahead = commit.state();
        if (ahead.isEmpty() || ahead.get().isCommitted() || !ahead.get().state().split().equals(split)) {
            violations.add(commit.id() + " (" + commit.subject() + ") writes " + split + " not written ahead: stored "
                    + ahead.map(s -> s.state().split() + (s.isCommitted() ? " committed" : " pending")).orElse("nothing"));
            return;
        }
        splitsByRevision.computeIfAbsent(ahead.get().state().revision(), r -> new ArrayList<>()).add(split);
    }

    private void revisions(String last) {
        List<String> expected = new ArrayList<>();
        for (String r = ReleaseTrain.FIRST; ; r = ReleaseTrain.next(r)) {
            expected.add(r);
            if (r.equals(last)) {
                break;
            }
        }
        if (!List.copyOf(splitsByRevision.keySet()).equals(expected)) {
            violations.add("the route changed for revisions " + splitsByRevision.keySet() + ", not " + expected);
        }
        for (String revision : expected) {
            List<TrafficSplit> written = splitsByRevision.getOrDefault(revision, List.of());
            if (!written.equals(ReleaseTrain.splits(revision))) {
                violations.add(revision + ": the route went " + written + ", not " + ReleaseTrain.splits(revision));
            }
            StoredRollout end = lastByRevision.get(revision);
            Phase outcome = ReleaseTrain.outcome(revision);
            if (end == null || !end.isCommitted() || end.state().phase() != outcome) {
                violations.add(revision + ": last stored " + (end == null ? "nothing" : end.state().phase()
                        + (end.isCommitted() ? " committed" : " pending")) + ", not " + outcome + " committed");
            }
        }
    }

    private void head(Snapshot head, String last) {
        Optional<StoredRollout> stored = head.state();
        if (stored.isEmpty() || !stored.get().state().revision().equals(last) || !stored.get().isCommitted()
                || stored.get().state().phase() != ReleaseTrain.outcome(last)) {
            violations.add("the head stores " + stored.map(s -> s.state().revision() + " " + s.state().phase()
                    + (s.isCommitted() ? " committed" : " pending")).orElse("nothing") + ", not " + last + " "
                    + ReleaseTrain.outcome(last) + " committed");
        }
        if (stored.isPresent() && !head.split().equals(Optional.of(stored.get().state().split()))) {
            violations.add("the head's route is " + head.split() + " but the stored split is " + stored.get().state().split());
        }
    }
}
