package dev.stepwise.cli;

import dev.stepwise.spi.Sleeper;
import java.time.Clock;

/**
 * How {@code status} keeps time: the clock that tells how far off the next look is, and the
 * sleeper {@code --watch} waits with between two reads. Injected, so that tests watch a rollout on
 * virtual time.
 *
 * @param clock   what "now" is
 * @param sleeper waits between two reads of the state store
 */
record WatchPace(Clock clock, Sleeper sleeper) {

    /** The wall clock and real sleeping. */
    static final WatchPace REAL = new WatchPace(Clock.systemUTC(), Sleeper.REAL);
}
