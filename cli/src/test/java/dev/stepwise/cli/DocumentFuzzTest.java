package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.validation.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/**
 * Generated and mutated specs and scenarios, YAML and JSON, through the readers the CLI uses
 * (from a file, as {@code stepwise validate} and {@code plan} read them), in one JVM. Each ends
 * as a valid document or a validation error, never another exception, each within a bound.
 * One document in ten is written to a file and read from it; the others are read from their text
 * through the same reader. {@code -Dstepwise.fuzz.count=100000} runs more, {@code -Dstepwise.fuzz.seed=N} replays a run
 * ({@code scripts/fuzz} does both).
 */
@DisplayName("Fuzzed documents")
class DocumentFuzzTest {

    static final int COUNT = Integer.getInteger("stepwise.fuzz.count", 10_000);
    static final long SEED = Long.getLong("stepwise.fuzz.seed", 11L);
    /** Generous: a document takes about a millisecond; this catches a hang, not a slow machine. */
    static final long BOUND_NANOS = 2_000_000_000L;

    @TempDir
    Path dir;

    @Test
    @DisplayName("end as a valid document or a validation error, each within 2 s, without running out of memory")
    void fuzz() throws IOException {
        List<Seed> seeds = seeds();
        Random random = new Random(SEED);
        DocumentMutator mutator = new DocumentMutator(random);
        long[] nanos = new long[COUNT];
        long began = System.nanoTime();
        int valid = 0;
        int invalid = 0;
        long mutating = 0;
        for (int i = 0; i < COUNT; i++) {
            long mutated = System.nanoTime();
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            String text = random.nextInt(20) == 0 ? generated(random) : mutator.mutate(seed.text());
            mutating += System.nanoTime() - mutated;
            // one in ten from a file, as the CLI reads; the rest from text, through the same reader
            Path file = dir.resolve((seed.scenario() ? "scenario." : "spec.") + seed.extension());
            boolean fromFile = i % 10 == 0;
            if (fromFile) {
                Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            }
            long start = System.nanoTime();
            try {
                read(seed, fromFile ? file : null, text);
                valid++;
            } catch (InvalidConfigException e) {
                invalid++;
            } catch (Throwable e) {
                throw new AssertionError("document " + i + " of seed " + SEED + " (" + seed.name() + ") ended in " + e
                        + "; the document:\n" + excerpt(text), e);
            }
            nanos[i] = System.nanoTime() - start;
            if (nanos[i] >= BOUND_NANOS) {
                throw new AssertionError("document " + i + " of seed " + SEED + " took " + nanos[i] / 1_000_000
                        + " ms:\n" + excerpt(text));
            }
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("fuzz: seed %d, %d documents: %d valid, %d validation errors, 0 other;"
                        + " per document max %.1f ms, p99 %.2f ms, median %.3f ms; reading %.1f s, mutating %.1f s of %.1f s%n", SEED, COUNT,
                valid, invalid, sorted[COUNT - 1] / 1e6, sorted[(int) (COUNT * 0.99)] / 1e6, sorted[COUNT / 2] / 1e6,
                Arrays.stream(nanos).sum() / 1e9, mutating / 1e9, (System.nanoTime() - began) / 1e9);
        assertThat(valid + invalid).isEqualTo(COUNT);
        assertThat(invalid).as("mutations should break most documents").isGreaterThan(COUNT / 2);
    }

    private static void read(Seed seed, @Nullable Path file, String text) throws IOException {
        if (file != null) {
            if (seed.scenario()) {
                ScenarioReader.read(file);
            } else {
                RolloutSpec.read(file);
            }
        } else if (seed.scenario()) {
            ScenarioReader.parse(text, "scenario." + seed.extension());
        } else if (seed.extension().equals("json")) {
            RolloutSpec.parseJson(text, "spec.json");
        } else {
            RolloutSpec.parseYaml(text, "spec.yaml");
        }
    }

    /** The example specs and scenarios, each in YAML and JSON. */
    private static List<Seed> seeds() throws IOException {
        ObjectMapper yaml = new YAMLMapper();
        ObjectMapper json = new ObjectMapper();
        List<Seed> seeds = new ArrayList<>();
        for (Path dir : List.of(CliRun.SPECS, CliRun.SCENARIOS)) {
            boolean scenario = dir.equals(CliRun.SCENARIOS);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String text = Files.readString(file);
                    String name = file.getFileName().toString();
                    seeds.add(new Seed(name, text, "yaml", scenario));
                    seeds.add(new Seed(name + " as JSON", json.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(yaml.readTree(text)), "json", scenario));
                }
            }
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(10);
        return seeds;
    }

    /** A document from scratch: a soup of YAML and JSON tokens. */
    private static String generated(Random random) {
        String[] tokens = {"apiVersion: stepwise.dev/v1alpha1\n", "kind: Rollout\n", "spec:\n", "  ", "- ", "{", "}", "[",
                "]", ": ", ", ", "\n", "canary", "metrics", "&a ", "*a", "!!str ", "---\n", "\"", "'", "1e400", "-",
                "tracks", "changes", "at: 5m", "? ", "|\n", ">-\n", "#", "%YAML 1.2\n", "\t"};
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            out.append(tokens[random.nextInt(tokens.length)]);
        }
        return out.toString();
    }

    private static String excerpt(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " characters)";
    }

    /** A document mutations start from. */
    private record Seed(String name, String text, String extension, boolean scenario) {
    }
}
