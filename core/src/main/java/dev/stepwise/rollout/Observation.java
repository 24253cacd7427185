package dev.stepwise.rollout;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the world looked like when a strategy is asked to step. Immutable. Everything time- or
 * I/O-dependent reaches a strategy through here, which keeps strategies pure.
 *
 * @param now         the current time (from the engine's clock, never read by strategies)
 * @param revision    the canary revision deployed now; a change restarts the rollout
 * @param verdicts    the verdicts of the analysis run for this step at the split in force; empty
 *                    when no analysis ran (the previous transition did not ask for one)
 * @param readyTracks tracks whose pods are all ready
 * @param commands    operator commands received since the previous step
 * @param openGates   gates and triggers (see {@link HookType.Kind}) whose webhook answered with
 *                    success when asked for this step
 * @param hookResults outcomes of the action hooks the previous transition asked for
 */
public record Observation(Instant now, String revision, List<Verdict> verdicts, Set<Track> readyTracks,
                          Set<Command> commands, Set<HookType> openGates, List<HookResult> hookResults) {

    public Observation {
        InvalidValueException.requireNonNull("now", now);
        InvalidValueException.requireNonNull("revision", revision);
        verdicts = List.copyOf(InvalidValueException.requireNonNull("verdicts", verdicts));
        readyTracks = Set.copyOf(InvalidValueException.requireNonNull("readyTracks", readyTracks));
        commands = Set.copyOf(InvalidValueException.requireNonNull("commands", commands));
        openGates = Set.copyOf(InvalidValueException.requireNonNull("openGates", openGates));
        hookResults = List.copyOf(InvalidValueException.requireNonNull("hookResults", hookResults));
        for (HookType gate : openGates) {
            if (gate.kind() != HookType.Kind.GATE && gate.kind() != HookType.Kind.TRIGGER) {
                throw new InvalidValueException("openGates", gate, "must hold gates and triggers only");
            }
        }
    }

    /** A builder at {@code now} for {@code revision}: no verdicts, every track ready, no commands. */
    public static Builder at(Instant now, String revision) {
        return new Builder(now, revision);
    }

    public boolean has(Command command) {
        return commands.contains(command);
    }

    public boolean isOpen(HookType gate) {
        return openGates.contains(gate);
    }

    public boolean isReady(Track track) {
        return readyTracks.contains(track);
    }

    /** The result of an action hook, if it ran for this step. */
    public Optional<HookResult> hookResult(HookType type) {
        return hookResults.stream().filter(r -> r.type() == type).findFirst();
    }

    /** Builder; tracks default to all ready. */
    public static final class Builder {
        private final Instant now;
        private final String revision;
        private final List<Verdict> verdicts = new ArrayList<>();
        private final Set<Track> ready = EnumSet.allOf(Track.class);
        private final Set<Command> commands = EnumSet.noneOf(Command.class);
        private final Set<HookType> gates = EnumSet.noneOf(HookType.class);
        private final List<HookResult> hookResults = new ArrayList<>();

        private Builder(Instant now, String revision) {
            this.now = now;
            this.revision = revision;
        }

        public Builder verdict(Verdict verdict) {
            verdicts.add(verdict);
            return this;
        }

        public Builder verdicts(Collection<Verdict> all) {
            verdicts.addAll(all);
            return this;
        }

        /** Only these tracks are ready. */
        public Builder readyTracks(Collection<Track> tracks) {
            ready.clear();
            ready.addAll(tracks);
            return this;
        }

        public Builder notReady(Track track) {
            ready.remove(track);
            return this;
        }

        public Builder command(Command command) {
            commands.add(command);
            return this;
        }

        public Builder commands(Collection<Command> all) {
            commands.addAll(all);
            return this;
        }

        public Builder open(HookType gate) {
            gates.add(gate);
            return this;
        }

        public Builder openGates(Collection<HookType> all) {
            gates.addAll(all);
            return this;
        }

        public Builder hookResult(HookResult result) {
            hookResults.add(result);
            return this;
        }

        public Builder hookResults(Collection<HookResult> all) {
            hookResults.addAll(all);
            return this;
        }

        public Observation build() {
            return new Observation(now, revision, verdicts, ready, commands, gates, hookResults);
        }
    }
}
