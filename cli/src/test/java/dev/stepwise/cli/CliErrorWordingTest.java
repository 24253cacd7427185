package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("CLI errors speak the spec and the command line, never the Java API")
class CliErrorWordingTest {

    /** Words of the Java API: builder calls, source files, exceptions, class names, packages. */
    private static final List<Pattern> JAVA_WORDS = List.of(
            Pattern.compile("builder\\("),
            Pattern.compile("\\.java\\b"),
            Pattern.compile("Exception"),
            Pattern.compile("\\b\\w+\\(\\.\\.\\.\\)"),
            Pattern.compile("\\b(?:dev\\.stepwise|java\\.|com\\.fasterxml|picocli\\.)"),
            Pattern.compile("\\b(?:[A-Z][a-z0-9]+)+(?:Strategy|Renderer|Spec|Target|Split|Router|Reader|Builder|Condition"
                    + "|Match|Choice|Command|Exception|Error|Node|Policy)\\b"));

    @TempDir
    static Path dir;

    @BeforeAll
    static void badSpecs() throws IOException {
        String canary = Files.readString(CliRun.CANARY);
        String abTest = Files.readString(CliRun.SPECS.resolve("ab-test.yaml"));
        write("not-yaml.yaml", "::: [\n");
        write("empty.yaml", "");
        write("list.json", "[1, 2]");
        write("weight.yaml", canary.replace("stepWeight: 10", "stepWeight: 150"));
        write("port.yaml", canary.replace("port: 9898", "port: 0"));
        write("provider.yaml", canary.replace("provider: istio", "provider: linkerd"));
        write("unknown.yaml", canary.replace("  target:", "  colour: blue\n  target:"));
        write("kind.yaml", canary.replace("kind: Rollout", "kind: Canary"));
        write("two-strategies.yaml", canary.replace("  strategy:\n", "  strategy:\n    rolling: {}\n"));
        write("target-port.yaml", canary.replace("targetPort: http", "targetPort: Not A Port"));
        write("cookie.yaml", abTest.replace("canary:\n              regex", "bad cookie:\n              regex"));
        write("regex.yaml", abTest.replace("\".*Firefox.*\"", "\"(\""));
        write("upper-header.yaml", abTest.replace("x-canary:", "X-Canary:"));
        write("no-service.yaml", abTest.replace("  service:\n    port: 8080\n", ""));
        write("scenario.yaml", "requestRate: -5\n");
        Files.createDirectories(dir.resolve("a-directory.yaml"));
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> runs = new ArrayList<>();
        for (String spec : List.of("not-yaml.yaml", "empty.yaml", "list.json", "weight.yaml", "port.yaml", "provider.yaml",
                "unknown.yaml", "kind.yaml", "two-strategies.yaml", "target-port.yaml", "cookie.yaml", "regex.yaml",
                "a-directory.yaml", "missing.yaml")) {
            runs.add(Arguments.of("validate " + spec, List.of("validate", spec)));
            runs.add(Arguments.of("plan " + spec, List.of("plan", spec)));
            runs.add(Arguments.of("render " + spec, List.of("render", spec)));
        }
        runs.add(Arguments.of("plan with a bad scenario", List.of("plan", "upper-header.yaml", "--scenario", "scenario.yaml")));
        runs.add(Arguments.of("plan with a missing scenario", List.of("plan", "upper-header.yaml", "--scenario", "nope.yaml")));
        runs.add(Arguments.of("render an upper-case header on istio", List.of("render", "upper-header.yaml", "--mesh", "istio")));
        runs.add(Arguments.of("render without a port on kuma", List.of("render", "no-service.yaml")));
        runs.add(Arguments.of("render without a port on gateway-api", List.of("render", "no-service.yaml", "--mesh",
                "gateway-api")));
        runs.add(Arguments.of("render A/B on kuma-legacy", List.of("render", "upper-header.yaml", "--mesh", "kuma-legacy")));
        runs.add(Arguments.of("render an unknown mesh", List.of("render", "upper-header.yaml", "--mesh", "linkerd")));
        runs.add(Arguments.of("render a mirror on kuma-legacy", List.of("render", "../canary.yaml", "--mesh", "kuma-legacy",
                "--weight", "10", "--mirror", "10")));
        runs.add(Arguments.of("render a weight out of range", List.of("render", "../canary.yaml", "--weight", "150")));
        runs.add(Arguments.of("render a header match on kuma-legacy",
                List.of("render", "../canary.yaml", "--mesh", "kuma-legacy", "--match-header", "x=1")));
        runs.add(Arguments.of("render a step out of range", List.of("render", "../canary.yaml", "--step", "0")));
        runs.add(Arguments.of("render a step and a weight", List.of("render", "../canary.yaml", "--step", "1", "--weight", "5")));
        runs.add(Arguments.of("render a header without value", List.of("render", "../canary.yaml", "--match-header", "x")));
        runs.add(Arguments.of("render a header Istio cannot match",
                List.of("render", "../canary.yaml", "--match-header", "X-Canary=1")));
        runs.add(Arguments.of("render a cookie header on gateway-api",
                List.of("render", "../canary.yaml", "--mesh", "gateway-api", "--match-header", "cookie=a")));
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void aBadInputIsRefusedInTheWordsOfTheSpecAndTheCommandLine(String name, List<String> args) {
        Object[] resolved = args.stream().map(a -> a.endsWith(".yaml") || a.endsWith(".json")
                ? (a.startsWith("../") ? CliRun.SPECS.resolve(a.substring(3)) : dir.resolve(a)).toString() : a).toArray();

        CliRun run = CliRun.of(resolved);

        assertThat(run.exit()).as(run.out() + run.err()).isNotZero();
        String said = run.out() + run.err();
        assertThat(said.strip()).isNotEmpty();
        for (Pattern java : JAVA_WORDS) {
            assertThat(java.matcher(said).find()).as("%s in:%n%s", java, said).isFalse();
        }
    }
}
