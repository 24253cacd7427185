package dev.stepwise.spec;

import static dev.stepwise.spec.SpecTexts.withAnalysis;
import static dev.stepwise.spec.SpecTexts.withSpec;
import static dev.stepwise.spec.SpecTexts.withStrategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A rollout spec with problems")
class RolloutSpecValidationTest {

    static List<String> problems(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseYaml(yaml));
        assertThat(e).as("spec should be rejected:\n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    static Arguments invalid(String name, String yaml, String... expected) {
        return Arguments.of(name, yaml, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"envelope", "strategy", "canary", "otherStrategies", "abTestMatches", "analysis", "metrics", "webhooks",
            "syntax"})
    @DisplayName("is rejected with exactly these problems")
    void isRejectedWithExactlyTheseProblems(String name, String yaml, List<String> expected) {
        assertThat(problems(yaml)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> envelope() {
        return Stream.of(
                invalid("a Flagger apiVersion", withSpec("strategy: {canary: {}}").replace("stepwise.dev/v1alpha1", "flagger.app/v1beta1"),
                        "apiVersion: \"flagger.app/v1beta1\" is not supported; use stepwise.dev/v1alpha1"),
                invalid("a kind other than Rollout", withSpec("strategy: {canary: {}}").replace("kind: Rollout", "kind: Canary"),
                        "kind: \"Canary\" is not supported; use Rollout"),
                invalid("no envelope at all", "spec: {target: {name: podinfo}, strategy: {canary: {}}}",
                        "apiVersion: is required", "kind: is required", "metadata: is required"),
                invalid("an unknown top-level field", withSpec("strategy: {canary: {}}") + "status: {}\n",
                        "status: unknown field; known fields: apiVersion, kind, metadata, spec"),
                invalid("a name that is not a DNS-1123 label", withSpec("strategy: {canary: {}}").replace("name: podinfo,", "name: Pod_Info,"),
                        "metadata.name: \"Pod_Info\" must be a DNS-1123 label: at most 63 lower-case letters, digits and '-',"
                                + " starting and ending with a letter or digit"),
                invalid("a target without a name", SpecTexts.HEADER + "spec:\n  target: {kind: Deployment}\n  strategy: {canary: {}}\n",
                        "spec.target.name: is required"),
                invalid("an unsupported target kind", SpecTexts.HEADER + "spec:\n  target: {kind: StatefulSet, name: db}\n  strategy: {canary: {}}\n",
                        "spec.target.kind: \"StatefulSet\" is not supported; use one of Deployment"),
                invalid("Flagger's targetRef", SpecTexts.HEADER + "spec:\n  targetRef: {name: podinfo}\n  strategy: {canary: {}}\n",
                        "spec.target: is required",
                        "spec.targetRef: unknown field; known fields: target, strategy, analysis, service, provider,"
                                + " metricsServer, delivery; Stepwise names it target"),
                invalid("a list instead of a document", "- apiVersion: stepwise.dev/v1alpha1\n",
                        "expected an object, got a list"),
                invalid("an empty document", "# nothing here\n",
                        "the document is empty; expected a Rollout"));
    }

    static Stream<Arguments> strategy() {
        return Stream.of(
                invalid("no strategy", withSpec("analysis: {threshold: 2}"),
                        "spec.strategy: is required; declare exactly one of canary, blueGreen, rolling, abTest, custom"),
                invalid("a strategy block declaring nothing", withStrategy("{}"),
                        "spec.strategy: declare exactly one of canary, blueGreen, rolling, abTest, custom; a strategy is declared, never inferred"),
                invalid("two strategies", withStrategy("canary: {stepWeight: 20}\nrolling: {batches: [50, 100]}"),
                        "spec.strategy: canary and rolling are both set; declare exactly one of canary, blueGreen, rolling, abTest, custom"),
                invalid("three strategies, one of them with its own problem",
                        withStrategy("canary: {}\nblueGreen: {}\nabTest: {iterations: ten}"),
                        "spec.strategy: canary, blueGreen and abTest are all set; declare exactly one of canary, blueGreen, rolling, abTest, custom",
                        "spec.strategy.abTest.match: is required",
                        "spec.strategy.abTest.iterations: expected an integer, got string \"ten\""),
                invalid("a misspelled strategy", withStrategy("canery: {stepWeight: 5}"),
                        "spec.strategy: declare exactly one of canary, blueGreen, rolling, abTest, custom; a strategy is declared, never inferred",
                        "spec.strategy.canery: unknown field; known fields: canary, blueGreen, rolling, abTest, custom; did you mean canary?"),
                invalid("a custom strategy without its type", withStrategy("custom: {}"),
                        "spec.strategy.custom.type: is required"),
                invalid("a strategy declared without settings", withStrategy("canary:"),
                        "spec.strategy.canary: expected an object, got null; write {} for the defaults"),
                invalid("a strategy given as a list", withStrategy("canary: [10, 20]"),
                        "spec.strategy.canary: expected an object, got a list"));
    }

    static Stream<Arguments> canary() {
        return Stream.of(
                invalid("a misspelled canary field", withStrategy("canary: {stepWieght: 10}"),
                        "spec.strategy.canary.stepWieght: unknown field; known fields: stepWeight, maxWeight, stepWeights,"
                                + " stepWeightPromotion, mirror, mirrorWeight, baseline, steps; did you mean stepWeight?"),
                invalid("an unknown field far from any known one", withStrategy("canary: {surge: 10}"),
                        "spec.strategy.canary.surge: unknown field; known fields: stepWeight, maxWeight, stepWeights,"
                                + " stepWeightPromotion, mirror, mirrorWeight, baseline, steps"),
                invalid("step weights that go down", withStrategy("canary: {stepWeights: [5, 10, 50, 30]}"),
                        "spec.strategy.canary.stepWeights[3]: 30 must be greater than the previous step 50"),
                invalid("a step weight that is not a number", withStrategy("canary: {stepWeights: [10, twenty, 30]}"),
                        "spec.strategy.canary.stepWeights[1]: expected an integer, got string \"twenty\""),
                invalid("both stepWeight and stepWeights", withStrategy("canary: {stepWeight: 10, stepWeights: [10, 20]}"),
                        "spec.strategy.canary.stepWeight: set either stepWeight or stepWeights, not both"),
                invalid("a step weight over 100 and a step above maxWeight",
                        withStrategy("canary: {stepWeight: 150, mirrorWeight: 0}"),
                        "spec.strategy.canary.stepWeight: 150 must be between 1 and 100",
                        "spec.strategy.canary.mirrorWeight: 0 must be between 1 and 100"),
                invalid("a step weight above maxWeight", withStrategy("canary: {stepWeight: 30, maxWeight: 20}"),
                        "spec.strategy.canary.stepWeight: 30 must not exceed maxWeight 20"),
                invalid("weights above 50 with a baseline", withStrategy("canary: {stepWeights: [20, 60], baseline: true}"),
                        "spec.strategy.canary.stepWeights[1]: 60 must be between 1 and 50 (with a baseline, canary and"
                                + " baseline each get that weight)"),
                invalid("a boolean written as a string", withStrategy("canary: {mirror: \"true\"}"),
                        "spec.strategy.canary.mirror: expected a boolean (true or false), got string \"true\""),
                invalid("a fractional weight", withStrategy("canary: {stepWeight: 12.5}"),
                        "spec.strategy.canary.stepWeight: expected an integer, got number 12.5"),
                invalid("a weight too large for an integer", withStrategy("canary: {maxWeight: 99999999999}"),
                        "spec.strategy.canary.maxWeight: 99999999999 is out of range"),
                invalid("an unreadable field does not also report what the builder made of its default",
                        withStrategy("canary: {stepWeight: ten, maxWeight: 5}"),
                        "spec.strategy.canary.stepWeight: expected an integer, got string \"ten\""));
    }

    static Stream<Arguments> otherStrategies() {
        return Stream.of(
                invalid("a blue/green scale-down delay that is not a duration", withStrategy("blueGreen: {scaleDownDelay: soon}"),
                        "spec.strategy.blueGreen.scaleDownDelay: \"soon\" is not a duration; use a number and a unit"
                                + " (ns, us, ms, s, m, h), e.g. 30s, 1m30s, 500ms, 2h or PT1M"),
                invalid("a misspelled blue/green field", withStrategy("blueGreen: {iteration: 5}"),
                        "spec.strategy.blueGreen.iteration: unknown field; known fields: iterations, mirror, mirrorWeight,"
                                + " postPromotionIterations, scaleDownDelay, autoPromotion; did you mean iterations?"),
                invalid("a bare surge number, which Kubernetes users read as pods", withStrategy("rolling: {maxSurge: 1, maxUnavailable: 25}"),
                        "spec.strategy.rolling.maxSurge: 1 is ambiguous: Kubernetes reads a bare number as pods, Stepwise"
                                + " counts a percent of the desired replicas; write \"1%\"",
                        "spec.strategy.rolling.maxUnavailable: 25 is ambiguous: Kubernetes reads a bare number as pods, Stepwise"
                                + " counts a percent of the desired replicas; write \"25%\""),
                invalid("a surge that is neither a number nor a percentage", withStrategy("rolling: {maxSurge: lots}"),
                        "spec.strategy.rolling.maxSurge: expected an integer or a percentage such as 25%, got string \"lots\""),
                invalid("a batch that is neither a number nor a percentage", withStrategy("rolling: {batches: [25%, half, 100]}"),
                        "spec.strategy.rolling.batches[1]: expected an integer or a percentage such as 25%, got string \"half\""),
                invalid("Argo's steps in a rolling strategy", withStrategy("rolling: {steps: [25, 100]}"),
                        "spec.strategy.rolling.steps: unknown field; known fields: batches, maxSurge, maxUnavailable"));
    }

    static Stream<Arguments> abTestMatches() {
        String at = "spec.strategy.abTest.match[0]";
        return Stream.of(
                invalid("two operators for one header", withStrategy("abTest: {match: [{headers: {x-canary: {exact: a, regex: b}}}]}"),
                        at + ".headers.x-canary: exact and regex are both set; set exactly one of exact, prefix, regex"),
                invalid("no operator for a cookie", withStrategy("abTest: {match: [{cookies: {canary: {}}}]}"),
                        at + ".cookies.canary: set exactly one of exact, prefix, regex"),
                invalid("a misspelled operator", withStrategy("abTest: {match: [{headers: {x-canary: {exatc: insider}}}]}"),
                        at + ".headers.x-canary.exatc: unknown field; known fields: exact, prefix, regex; did you mean exact?"),
                invalid("an invalid regular expression", withStrategy("abTest: {match: [{cookies: {canary: {regex: \"^(always\"}}}]}"),
                        at + ".cookies.canary.regex: \"^(always\" is not a valid regular expression (Unclosed group near index 8)"),
                invalid("an entry without conditions", withStrategy("abTest: {match: [{headers: {x-canary: {exact: a}}}, {}]}"),
                        "spec.strategy.abTest.match[1]: must hold at least one header or cookie condition"),
                invalid("a match on the URI", withStrategy("abTest: {match: [{uri: {prefix: /beta}}]}"),
                        at + ".uri: unknown field; known fields: headers, cookies; a match holds headers and cookies only"),
                invalid("a value that is not a string", withStrategy("abTest: {match: [{headers: {x-user-id: {exact: 42}}}]}"),
                        at + ".headers.x-user-id.exact: expected a string, got integer 42"),
                invalid("a header name with a dot is quoted in the path",
                        withStrategy("abTest: {match: [{headers: {x.canary: {exact: a, prefix: b}}}]}"),
                        at + ".headers[\"x.canary\"]: exact and prefix are both set; set exactly one of exact, prefix, regex"),
                invalid("matches instead of match", withStrategy("abTest: {matches: []}"),
                        "spec.strategy.abTest.match: is required",
                        "spec.strategy.abTest.matches: unknown field; known fields: iterations, match; the spec field is match, as in Flagger"));
    }

    static Stream<Arguments> analysis() {
        return Stream.of(
                invalid("a threshold written as a word", withAnalysis("threshold: five"),
                        "spec.analysis.threshold: expected an integer, got string \"five\""),
                invalid("a threshold of zero", withAnalysis("threshold: 0"),
                        "spec.analysis.threshold: 0 must be between 1 and 1000"),
                invalid("an interval in words", withAnalysis("interval: 1 minute"),
                        "spec.analysis.interval: \"1 minute\" is not a duration; use a number and a unit (ns, us, ms, s, m, h),"
                                + " e.g. 30s, 1m30s, 500ms, 2h or PT1M"),
                invalid("an interval without a unit", withAnalysis("interval: 60"),
                        "spec.analysis.interval: expected a duration such as 30s, 1m30s, 500ms, 2h or PT1M, got integer 60"),
                invalid("a zero interval", withAnalysis("interval: 0s"),
                        "spec.analysis.interval: 0s must be between 10ms and 24h"),
                invalid("an empty value", withAnalysis("interval:"),
                        "spec.analysis.interval: expected a duration such as 30s, 1m30s, 500ms, 2h or PT1M, got null"),
                invalid("too many no-data intervals to hold", withAnalysis("noData: {holdIntervals: 200}"),
                        "spec.analysis.noData.holdIntervals: 200 must be between 0 and 100"),
                invalid("a misspelled no-data field", withAnalysis("noData: {holdInterval: 3}"),
                        "spec.analysis.noData.holdInterval: unknown field; known fields: holdIntervals; did you mean holdIntervals?"),
                invalid("Flagger's stepWeight under analysis", withAnalysis("stepWeight: 10"),
                        "spec.analysis.stepWeight: unknown field; known fields: interval, threshold, noData, metrics, webhooks, judges;"
                                + " a strategy setting; declare it with the strategy: spec.strategy.canary.stepWeight"),
                invalid("metrics as an object", withAnalysis("metrics: {name: request-success-rate}"),
                        "spec.analysis.metrics: expected a list, got an object"));
    }

    static Stream<Arguments> metrics() {
        return Stream.of(
                invalid("two metrics with one name", withAnalysis("metrics:\n"
                                + "  - {name: request-success-rate, thresholdRange: {min: 99}}\n"
                                + "  - {name: request-success-rate, thresholdRange: {min: 95}}"),
                        "spec.analysis.metrics[1].name: \"request-success-rate\" is used by an earlier entry; names must be unique"),
                invalid("a custom metric without a query", withAnalysis("metrics: [{name: error-budget, thresholdRange: {max: 1}}]"),
                        "spec.analysis.metrics[0].query: is required for a custom metric (built-ins are request-success-rate"
                                + " and request-duration)"),
                invalid("a metric without a name or range", withAnalysis("metrics: [{interval: 1m}]"),
                        "spec.analysis.metrics[0].name: is required", "spec.analysis.metrics[0].thresholdRange: is required"),
                invalid("an empty threshold range", withAnalysis("metrics: [{name: request-duration, thresholdRange: {}}]"),
                        "spec.analysis.metrics[0].thresholdRange: must set min, max or both"),
                invalid("a threshold range upside down", withAnalysis("metrics: [{name: request-duration, thresholdRange: {min: 500, max: 100}}]"),
                        "spec.analysis.metrics[0].thresholdRange.min: 500 must not be greater than max 100"),
                invalid("a threshold that is not a number", withAnalysis("metrics: [{name: request-duration, thresholdRange: {max: 500ms}}]"),
                        "spec.analysis.metrics[0].thresholdRange.max: expected a number, got string \"500ms\""),
                invalid("Flagger's templateRef", withAnalysis("metrics: [{name: errors, templateRef: {name: errors}, thresholdRange: {max: 1}, query: x}]"),
                        "spec.analysis.metrics[0].templateRef: unknown field; known fields: name, query, thresholdRange, interval;"
                                + " Stepwise metrics hold their query: set query"));
    }

    static Stream<Arguments> webhooks() {
        String hook = "webhooks: [{name: gate, url: 'http://gate.test/', ";
        return Stream.of(
                invalid("an unknown webhook type", withAnalysis(hook + "type: pre-rolout}]"),
                        "spec.analysis.webhooks[0].type: unknown webhook type \"pre-rolout\"; allowed: confirm-rollout, pre-rollout,"
                                + " rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback; did you mean pre-rollout?"),
                invalid("a webhook type nothing like a known one", withAnalysis(hook + "type: event}]"),
                        "spec.analysis.webhooks[0].type: unknown webhook type \"event\"; allowed: confirm-rollout, pre-rollout,"
                                + " rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback"),
                invalid("a URL with a space", withAnalysis("webhooks: [{name: gate, url: 'ht tp://gate'}]"),
                        "spec.analysis.webhooks[0].url: \"(not a URL; not shown)\" is not a valid URL (Illegal character in scheme name)"),
                invalid("a relative URL", withAnalysis("webhooks: [{name: gate, url: /approve}]"),
                        "spec.analysis.webhooks[0].url: \"/approve\" must be an absolute http or https URL with a host"),
                invalid("a URL with user info, shown redacted", withAnalysis(
                        "webhooks: [{name: gate, url: 'https://bot:pa55@gate.test/go?token=t0k&stage=1'}]"),
                        "spec.analysis.webhooks[0].url: \"https://***@gate.test/go?token=***&stage=1\" must not contain user info"
                                + " (a user or password); webhooks send no Authorization header: put a token in the metadata"
                                + " (sent in the JSON body, never logged) or in a query parameter such as ?token= (shown as ***"
                                + " wherever the URL is shown)"),
                invalid("an FTP URL", withAnalysis("webhooks: [{name: gate, url: 'ftp://gate.test/'}]"),
                        "spec.analysis.webhooks[0].url: \"ftp://gate.test/\" must be an absolute http or https URL with a host"),
                invalid("a webhook without a URL", withAnalysis("webhooks: [{name: gate}]"),
                        "spec.analysis.webhooks[0].url: is required"),
                invalid("a negative timeout", withAnalysis(hook + "timeout: -5s}]"),
                        "spec.analysis.webhooks[0].timeout: -5s must be between 10ms and 1h"),
                invalid("metadata that is not text", withAnalysis(hook + "metadata: {retries: 3, cmd: hey}}]"),
                        "spec.analysis.webhooks[0].metadata.retries: expected a string, got integer 3"),
                invalid("two webhooks with one name", withAnalysis("webhooks:\n"
                                + "  - {name: load-test, url: 'http://a.test/'}\n"
                                + "  - {name: load-test, url: 'http://b.test/'}"),
                        "spec.analysis.webhooks[1].name: \"load-test\" is used by an earlier entry; names must be unique"));
    }

    static Stream<Arguments> syntax() {
        return Stream.of(
                invalid("a YAML indentation error", "apiVersion: stepwise.dev/v1alpha1\nkind: Rollout\n  metadata: {}\n",
                        "invalid YAML at line 3, column 11: mapping values are not allowed here"),
                invalid("an unclosed YAML list", "spec:\n  strategy:\n    canary: {stepWeights: [10, 20}\n",
                        "invalid YAML at line 3, column 34: expected ',' or ']', but got }"),
                invalid("a duplicated key", SpecTexts.HEADER + "kind: Rollout\n",
                        "invalid YAML at line 4, column 5: Duplicate field 'kind'"),
                invalid("two documents in one file", withStrategy("canary: {}") + "---\n" + withStrategy("canary: {}"),
                        "line 9: a second document; a file holds exactly one"));
    }

    @Test
    @DisplayName("reports every problem, each with its path, in document order")
    void reportsEveryProblem() {
        String yaml = SpecTexts.HEADER.replace("name: podinfo,", "name: PodInfo,")
                + "spec:\n"
                + "  target: {kind: Deployment}\n"
                + "  strategy:\n"
                + "    canary: {stepWieght: 10, stepWeights: [10, 50, 30], mirror: \"no\"}\n"
                + "    blueGreen: {}\n"
                + "  analysis:\n"
                + "    interval: 1 minute\n"
                + "    threshold: five\n"
                + "    metrics:\n"
                + "      - {name: request-success-rate, thresholdRange: {min: 99}}\n"
                + "      - {name: request-success-rate, thresholdRange: {min: 100, max: 99}}\n"
                + "    webhooks:\n"
                + "      - {name: load-test, type: load, url: 'http://loadtester.test/', timeout: 0s}\n";

        assertThat(problems(yaml)).containsExactly(
                "metadata.name: \"PodInfo\" must be a DNS-1123 label: at most 63 lower-case letters, digits and '-',"
                        + " starting and ending with a letter or digit",
                "spec.target.name: is required",
                "spec.strategy: canary and blueGreen are both set; declare exactly one of canary, blueGreen, rolling, abTest, custom",
                "spec.strategy.canary.stepWieght: unknown field; known fields: stepWeight, maxWeight, stepWeights,"
                        + " stepWeightPromotion, mirror, mirrorWeight, baseline, steps; did you mean stepWeight?",
                "spec.strategy.canary.stepWeights[2]: 30 must be greater than the previous step 50",
                "spec.strategy.canary.mirror: expected a boolean (true or false), got string \"no\"",
                "spec.analysis.interval: \"1 minute\" is not a duration; use a number and a unit (ns, us, ms, s, m, h),"
                        + " e.g. 30s, 1m30s, 500ms, 2h or PT1M",
                "spec.analysis.threshold: expected an integer, got string \"five\"",
                "spec.analysis.metrics[1].name: \"request-success-rate\" is used by an earlier entry; names must be unique",
                "spec.analysis.metrics[1].thresholdRange.min: 100 must not be greater than max 99",
                "spec.analysis.webhooks[0].type: unknown webhook type \"load\"; allowed: confirm-rollout, pre-rollout,"
                        + " rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback",
                "spec.analysis.webhooks[0].timeout: 0s must be between 10ms and 1h");
    }

    @Nested
    @DisplayName("throws an InvalidSpecException that")
    class TheException {

        @Test
        @DisplayName("is an InvalidConfigException naming the source and listing every problem, one per line")
        void namesSourceAndListsProblems() {
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseYaml(
                    withAnalysis("threshold: 0\ninterval: 0s"), "podinfo.yaml"));

            assertThat(e).isInstanceOf(InvalidConfigException.class);
            assertThat(e.source()).isEqualTo("podinfo.yaml");
            assertThat(e.getMessage()).isEqualTo("spec podinfo.yaml is invalid (2 problems):\n"
                    + "  spec.analysis.threshold: 0 must be between 1 and 1000\n"
                    + "  spec.analysis.interval: 0s must be between 10ms and 24h");
            assertThat(e.problems()).containsExactly(
                    new Problem("spec.analysis.threshold", "0 must be between 1 and 1000"),
                    new Problem("spec.analysis.interval", "0s must be between 10ms and 24h"));
        }

        @Test
        @DisplayName("names text sources <yaml> and <json>")
        void namesTextSources() {
            assertThat(catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseYaml("kind: Rollout")).source())
                    .isEqualTo("<yaml>");
            assertThat(catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseJson("{\"kind\": \"Rollout\"}")).source())
                    .isEqualTo("<json>");
        }

        @Test
        @DisplayName("reports a JSON syntax error as one problem with line and column")
        void reportsJsonSyntaxErrors() {
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                    () -> RolloutSpec.parseJson("{\n  \"apiVersion\": \"stepwise.dev/v1alpha1\",\n}"));

            assertThat(e.problems()).hasSize(1);
            assertThat(e.problems().get(0).toString())
                    .startsWith("invalid JSON at line 3, column 1: Unexpected character ('}' (code 125))");
        }

        @Test
        @DisplayName("reports the same problems for JSON as for YAML")
        void sameProblemsForJson() {
            String json = "{\"apiVersion\": \"stepwise.dev/v1alpha1\", \"kind\": \"Rollout\", \"metadata\": {\"name\": \"podinfo\"},"
                    + " \"spec\": {\"target\": {\"name\": \"podinfo\"}, \"strategy\": {\"canary\": {\"stepWeights\": [10, 50, 30]}},"
                    + " \"analysis\": {\"threshold\": \"five\"}}}";

            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseJson(json));

            assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                    "spec.strategy.canary.stepWeights[2]: 30 must be greater than the previous step 50",
                    "spec.analysis.threshold: expected an integer, got string \"five\"");
        }
    }

    @Test
    @DisplayName("puts a strategy builder's problems under the strategy's path")
    void reRootsOtherBuildersProblems() {
        // the message is the builder's own; only where it is reported is the reader's business
        assertThat(problems(withStrategy("blueGreen: {iterations: 0}"))).singleElement().asString()
                .startsWith("spec.strategy.blueGreen.iterations: ");
        assertThat(problems(withStrategy("rolling: {maxUnavailable: 150%}"))).singleElement().asString()
                .startsWith("spec.strategy.rolling.maxUnavailable: ");
        assertThat(problems(withStrategy("abTest: {match: []}"))).singleElement().asString()
                .startsWith("spec.strategy.abTest.match: ");
    }
}
