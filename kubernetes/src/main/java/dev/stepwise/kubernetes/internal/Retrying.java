package dev.stepwise.kubernetes.internal;

import dev.stepwise.spi.Sleeper;
import dev.stepwise.kubernetes.KubernetesRequestException;
import dev.stepwise.mesh.ResourceRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one API call up to {@code attempts} times while it fails transiently (see
 * {@link ApiFailure#isTransient}), waiting {@code initialBackoff}, then twice as long each time.
 * No jitter: the waits are exact, so tests can check them. A non-transient failure is rethrown
 * at once for the caller to interpret (409, 404); exhausted attempts become a
 * {@link KubernetesRequestException}.
 *
 * @param attempts       at least 1
 * @param initialBackoff the first wait
 * @param sleeper        how to wait
 */
public record Retrying(int attempts, Duration initialBackoff, Sleeper sleeper) {

    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

    /** Runs {@code call} about {@code ref}; {@code operation} names it in logs and exceptions. */
    public <T> T call(ResourceRef ref, String operation, Supplier<T> call) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (!ApiFailure.isTransient(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw new KubernetesRequestException(ref, operation, ApiFailure.status(e), attempt, e);
                }
                LOG.info("{} of {}: {} (attempt {} of {}); trying again in {} ms", operation, ref,
                        describe(e), attempt, attempts, backoff.toMillis());
                pause(ref, operation, backoff, attempt, e);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void pause(ResourceRef ref, String operation, Duration backoff, int attempt, KubernetesClientException e) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            KubernetesRequestException failure = new KubernetesRequestException(ref, operation + " (interrupted)",
                    ApiFailure.status(e), attempt, e);
            failure.addSuppressed(interrupted);
            throw failure;
        }
    }

    private static String describe(KubernetesClientException e) {
        int status = ApiFailure.status(e);
        return status > 0 ? "HTTP " + status : "I/O error or timeout";
    }
}
