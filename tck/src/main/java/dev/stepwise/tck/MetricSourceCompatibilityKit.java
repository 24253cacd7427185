package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.traffic.Track;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link MetricSource} contract as tests: expected failures are values, never exceptions. An
 * adapter proves it keeps the contract with one small class in its own tests, telling the kit
 * which queries give data and which do not:
 *
 * <pre>{@code
 * class PrometheusMetricSourceCompatibilityTest extends MetricSourceCompatibilityKit {
 *     protected MetricSource createSource() { return new PrometheusMetricSource(config(server.url())); }
 *     protected MetricQuery healthyQuery() { return builtIn("request-success-rate", "podinfo-canary"); }
 *     protected MetricQuery emptyQuery() { return builtIn("request-success-rate", "nobody-calls-this"); }
 *     protected MetricSource unreachableSource() { return new PrometheusMetricSource(config("http://localhost:1")); }
 * }
 * }</pre>
 *
 * <p>{@link #createSource()} is called before every test. The kit never sleeps; the concurrency
 * test waits at most {@link #concurrencyTimeout()} for its threads.
 */
@DisplayName("MetricSource compatibility")
public abstract class MetricSourceCompatibilityKit {

    /** Threads querying at once in the concurrency test. */
    public static final int THREADS = 4;
    /** Queries of each kind every thread sends in the concurrency test. */
    public static final int QUERIES_PER_THREAD = 10;

    /** The source under test, fresh for every test. */
    protected MetricSource source;

    /** A source that answers {@link #healthyQuery()} with a value. */
    protected abstract MetricSource createSource();

    /** A query the source created by {@link #createSource()} answers with a finite value. */
    protected abstract MetricQuery healthyQuery();

    /** A query the source created by {@link #createSource()} answers with no data (an empty result). */
    protected abstract MetricQuery emptyQuery();

    /** A source that cannot reach its backend (a closed port, a stopped server). */
    protected abstract MetricSource unreachableSource();

    /**
     * A custom query the source does not understand; default a template in no query language.
     * Override when that text happens to be valid for the source.
     */
    protected MetricQuery unsupportedQuery() {
        return new MetricQuery("stepwise-compatibility-unsupported", "{{ this is not a query in any language ((",
                Track.CANARY, Duration.ofMinutes(1), Map.of());
    }

    /** How long the concurrency test waits for its threads; default 30 seconds. */
    protected Duration concurrencyTimeout() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    void createSourceUnderTest() {
        source = createSource();
    }

    @Nested
    @DisplayName("a query with data")
    class WithData {

        @Test
        @DisplayName("is answered with a finite value")
        void finiteValue() {
            MetricResult result = source.query(healthyQuery());

            assertThat(result).isInstanceOf(MetricResult.Value.class);
            assertThat(((MetricResult.Value) result).value()).isFinite();
        }
    }

    @Nested
    @DisplayName("a query without data")
    class WithoutData {

        @Test
        @DisplayName("is answered with no data, never a value")
        void noData() {
            MetricResult result = source.query(emptyQuery());

            assertThat(result).isInstanceOf(MetricResult.NoData.class);
        }
    }

    @Nested
    @DisplayName("an unreachable source")
    class Unreachable {

        @Test
        @DisplayName("answers failed with a reason, and no exception escapes")
        void failsWithoutThrowing() {
            MetricSource unreachable = unreachableSource();
            List<MetricResult> results = new ArrayList<>();

            assertThatCode(() -> {
                results.add(unreachable.query(healthyQuery()));
                results.add(unreachable.query(emptyQuery()));
            }).doesNotThrowAnyException();

            assertThat(results).allSatisfy(result -> {
                assertThat(result).isInstanceOf(MetricResult.Failed.class);
                assertThat(((MetricResult.Failed) result).reason()).isNotBlank();
            });
        }
    }

    @Nested
    @DisplayName("a custom query the source does not support")
    class Unsupported {

        @Test
        @DisplayName("is answered failed or with a value, and no exception escapes")
        void failedOrValue() {
            List<MetricResult> results = new ArrayList<>();

            assertThatCode(() -> results.add(source.query(unsupportedQuery()))).doesNotThrowAnyException();

            assertThat(results.get(0)).isInstanceOfAny(MetricResult.Failed.class, MetricResult.Value.class);
        }
    }

    @Nested
    @DisplayName("concurrent queries")
    class Concurrent {

        @Test
        @DisplayName("are answered for 4 threads at once as for one caller: a value with data, no data without")
        void sameAnswersFromSeveralThreads() throws Exception {
            List<MetricResult[]> answers = queryFromThreads();

            assertThat(answers).hasSize(THREADS * QUERIES_PER_THREAD).allSatisfy(pair -> {
                assertThat(pair[0]).as("answer to %s", healthyQuery()).isInstanceOf(MetricResult.Value.class);
                assertThat(pair[1]).as("answer to %s", emptyQuery()).isInstanceOf(MetricResult.NoData.class);
            });
        }

        private List<MetricResult[]> queryFromThreads() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            long timeoutMillis = concurrencyTimeout().toMillis();
            try {
                List<Future<List<MetricResult[]>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    futures.add(pool.submit(queries(ready, start, timeoutMillis)));
                }
                assertThat(ready.await(timeoutMillis, TimeUnit.MILLISECONDS)).as("all threads ready").isTrue();
                start.countDown();
                List<MetricResult[]> answers = new ArrayList<>();
                for (Future<List<MetricResult[]>> future : futures) {
                    answers.addAll(future.get(timeoutMillis, TimeUnit.MILLISECONDS));
                }
                return answers;
            } finally {
                pool.shutdownNow();
            }
        }

        private Callable<List<MetricResult[]>> queries(CountDownLatch ready, CountDownLatch start, long timeoutMillis) {
            return () -> {
                ready.countDown();
                if (!start.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("never told to start");
                }
                List<MetricResult[]> answers = new ArrayList<>();
                for (int i = 0; i < QUERIES_PER_THREAD; i++) {
                    answers.add(new MetricResult[] {source.query(healthyQuery()), source.query(emptyQuery())});
                }
                return answers;
            };
        }
    }
}
