package dev.stepwise.kubernetes.internal;

import dev.stepwise.spi.Backoff;
import dev.stepwise.spi.Retrier;
import dev.stepwise.spi.Sleeper;
import dev.stepwise.kubernetes.KubernetesRequestException;
import dev.stepwise.mesh.ResourceRef;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one API call up to {@code attempts} times while it fails transiently (see
 * {@link ApiFailure#isTransient}), waiting as {@link Backoff#doubling} says: {@code initialBackoff},
 * then twice as long each time. No jitter: the waits are exact, so tests can check them. When the
 * server says how long to wait (its 429 carries {@code Retry-After}, which fabric8 keeps only as
 * the Status' {@code details.retryAfterSeconds}) that wait is taken instead. A non-transient
 * failure is rethrown at once for the caller to interpret (409, 404); exhausted attempts become a
 * {@link KubernetesRequestException}.
 */
public final class Retrying {

    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

    private final int attempts;
    private final Duration initialBackoff;
    private final Retrier retrier;

    /**
     * @param attempts       at least 1
     * @param initialBackoff the first wait
     * @param sleeper        how to wait
     */
    public Retrying(int attempts, Duration initialBackoff, Sleeper sleeper) {
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.retrier = Retrier.of(Backoff.doubling(initialBackoff, attempts), sleeper);
    }

    public int attempts() {
        return attempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Runs {@code call} about {@code ref}; {@code operation} names it in logs and exceptions. */
    public <T> T call(ResourceRef ref, String operation, Supplier<T> call) {
        return retrier.run(attempt -> call.get(), new TransientFailures(ref, operation, attempts));
    }

    /** The wait the API server asked for with {@code e}, if it said one. */
    static Optional<Duration> retryAfter(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(Status::getDetails).map(StatusDetails::getRetryAfterSeconds)
                .filter(seconds -> seconds >= 0).map(Duration::ofSeconds);
    }

    /** Transient API failures are retried; what to log and throw names the resource and the operation. */
    private record TransientFailures(ResourceRef ref, String operation, int attempts) implements Retrier.Failures {

        @Override
        public boolean isRetriable(RuntimeException failure) {
            return failure instanceof KubernetesClientException e && ApiFailure.isTransient(e);
        }

        @Override
        public Optional<Duration> retryAfter(RuntimeException failure) {
            return Retrying.retryAfter((KubernetesClientException) failure);
        }

        @Override
        public void retrying(RuntimeException failure, int number, Duration wait) {
            LOG.info("{} of {}: {} (attempt {} of {}); trying again in {} ms", operation, ref,
                    describe((KubernetesClientException) failure), number, attempts, wait.toMillis());
        }

        @Override
        public RuntimeException exhausted(RuntimeException last, int tried) {
            return new KubernetesRequestException(ref, operation, ApiFailure.status((KubernetesClientException) last),
                    tried, last);
        }

        @Override
        public RuntimeException interrupted(RuntimeException last, int number, InterruptedException interruption) {
            KubernetesRequestException failure = new KubernetesRequestException(ref, operation + " (interrupted)",
                    ApiFailure.status((KubernetesClientException) last), number, last);
            failure.addSuppressed(interruption);
            return failure;
        }

        private static String describe(KubernetesClientException e) {
            int status = ApiFailure.status(e);
            return status > 0 ? "HTTP " + status : "I/O error or timeout";
        }
    }
}
