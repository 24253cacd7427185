package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.Optional;

/** Where this process stands in a {@link Leadership}: leading at an epoch, or following. */
public sealed interface LeadershipTerm {

    /** The lease (or other lock) the term is about, e.g. {@code stepwise/stepwise-engine}. */
    String lease();

    /** Whether this process may write now. */
    boolean leading();

    /**
     * This process leads.
     *
     * @param lease    the lease held
     * @param identity this process's identity in it
     * @param epoch    the term's number: greater than that of every earlier term of any holder; 0 for
     *                 {@link Leadership#always()}
     * @param since    when this term began
     */
    record Leading(String lease, String identity, long epoch, Instant since) implements LeadershipTerm {

        /** The term of an engine on its own. */
        public static final Leading ALWAYS = new Leading("none", "this engine", 0, Instant.EPOCH);

        public Leading {
            InvalidValueException.requireNonNull("lease", lease);
            InvalidValueException.requireNonNull("identity", identity);
            InvalidValueException.requireNonNull("since", since);
            if (epoch < 0) {
                throw new InvalidValueException("epoch", epoch, "must be at least 0");
            }
        }

        @Override
        public boolean leading() {
            return true;
        }

        @Override
        public String toString() {
            return "leading (lease " + lease + " held by " + identity + " since " + since + ", epoch " + epoch + ")";
        }
    }

    /**
     * This process does not lead.
     *
     * @param lease  the lease
     * @param holder who holds it, as far as this process knows; empty when nobody does or it does not know
     * @param since  since when the holder holds it (or this process stopped holding it)
     */
    record Following(String lease, Optional<String> holder, Instant since) implements LeadershipTerm {

        public Following {
            InvalidValueException.requireNonNull("lease", lease);
            InvalidValueException.requireNonNull("holder", holder);
            InvalidValueException.requireNonNull("since", since);
        }

        @Override
        public boolean leading() {
            return false;
        }

        @Override
        public String toString() {
            return "not the leader (lease " + lease + holder.map(h -> " held by " + h).orElse(" not held by this process")
                    + " since " + since + ")";
        }
    }
}
