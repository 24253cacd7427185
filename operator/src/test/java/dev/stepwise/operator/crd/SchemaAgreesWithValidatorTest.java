package dev.stepwise.operator.crd;

import static dev.stepwise.operator.crd.Mutation.remove;
import static dev.stepwise.operator.crd.Mutation.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What the spec validator accepts the CRD's schema accepts, and what the schema can express it
 * refuses as the validator does. The rules a schema cannot express (across fields, ranges of
 * durations, what an installed provider knows) are listed in {@link #VALIDATOR_ONLY}: the
 * validator refuses each, the schema lets it through to the controller, which writes the
 * validator's problems to the resource's status.
 */
@DisplayName("The CRD's schema and the spec validator")
class SchemaAgreesWithValidatorTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "specs");

    /** Refused by both. */
    static final List<Mutation> REFUSED_BY_BOTH = List.of(
            set("stepWeight 0", "/spec/strategy/canary/stepWeight", "0", "stepWeight"),
            set("stepWeight 101", "/spec/strategy/canary/stepWeight", "101", "stepWeight"),
            set("stepWeight a string", "/spec/strategy/canary/stepWeight", "ten", "stepWeight"),
            set("maxWeight 0", "/spec/strategy/canary/maxWeight", "0", "maxWeight"),
            set("mirror not a boolean", "/spec/strategy/canary/mirror", "[true]", "mirror"),
            set("an unknown canary field", "/spec/strategy/canary/weight", "10", "weight"),
            set("an unknown spec field", "/spec/targetRef", "{name: podinfo}", "targetRef"),
            remove("no target.name", "/spec/target/name", "spec.target.name"),
            remove("no target", "/spec/target", "spec.target"),
            remove("no strategy", "/spec/strategy", "spec.strategy"),
            set("target kind DaemonSet", "/spec/target/kind", "DaemonSet", "DaemonSet"),
            set("target name not a DNS label", "/spec/target/name", "Pod_Info", "spec.target.name"),
            set("an interval in words", "/spec/analysis/interval", "5 minutes", "spec.analysis.interval"),
            set("a timeout in days", "/spec/metricsServer/timeout", "1d", "spec.metricsServer.timeout"),
            set("two strategies at once", "/spec/strategy/blueGreen", "{}", "spec.strategy"),
            set("no strategy kind", "/spec/strategy", "{}", "spec.strategy"),
            set("port 0", "/spec/service/port", "0", "spec.service.port"),
            set("port 70000", "/spec/service/port", "70000", "spec.service.port"),
            set("port a name", "/spec/service/port", "http", "spec.service.port"),
            set("targetPort 0", "/spec/service/targetPort", "0", "spec.service.targetPort"),
            set("targetPort not a port name", "/spec/service/targetPort", "HTTP_PORT", "spec.service.targetPort"),
            set("a webhook type unknown", "/spec/analysis/webhooks/0/type", "sometimes", "type"),
            set("a webhook url not http", "/spec/analysis/webhooks/0/url", "ftp://tester/", "url"),
            set("threshold 0", "/spec/analysis/threshold", "0", "spec.analysis.threshold"),
            set("holdIntervals 101", "/spec/analysis/noData/holdIntervals", "101", "holdIntervals"),
            set("a metric without thresholdRange", "/spec/analysis/metrics", "[{name: request-success-rate}]",
                    "thresholdRange"),
            set("a threshold not a number", "/spec/analysis/metrics", "[{name: request-success-rate, thresholdRange: {min: high}}]",
                    "min"),
            set("both cluster and git delivery", "/spec/delivery/git", "{repository: 'https://git.example/ops.git'}",
                    "spec.delivery"),
            set("a field under cluster delivery", "/spec/delivery/cluster", "{context: prod}", "context"),
            set("a git mode unknown", "/spec/delivery", "{git: {repository: 'https://git.example/ops.git', mode: merge}}",
                    "mode"),
            set("a secret reference of both kinds", "/spec/metricsServer/bearerToken",
                    "{env: PROM_TOKEN, secretKeyRef: {name: prom, key: token}}", "bearerToken"),
            set("an environment variable name with a digit first", "/spec/metricsServer/bearerToken", "{env: 1TOKEN}",
                    "env"),
            set("a secret key reference without a key", "/spec/metricsServer/bearerToken", "{secretKeyRef: {name: prom}}",
                    "key"),
            set("a judge type unknown", "/spec/analysis/judges", "[{type: kayenta}]", "kayenta"),
            set("a mann-whitney confidence of 0.3", "/spec/analysis/judges",
                    "[{type: mann-whitney, confidence: 0.3, metrics: [{name: p99, query: q}]}]", "confidence"),
            set("a mann-whitney tolerance of both kinds", "/spec/analysis/judges",
                    "[{type: mann-whitney, metrics: [{name: p99, query: q, tolerance: {relative: 0.1, absolute: 5}}]}]",
                    "tolerance"),
            set("a mann-whitney metric without a query", "/spec/analysis/judges",
                    "[{type: mann-whitney, metrics: [{name: p99}]}]", "query"),
            set("a judge alpha 0.5", "/spec/analysis/judges", "[{type: sequential, alpha: 0.5}]", "alpha"),
            set("a judge effect ratio of 1", "/spec/analysis/judges", "[{type: sequential, effect: {ratio: 1}}]", "ratio"),
            set("a judge effect of both kinds", "/spec/analysis/judges",
                    "[{type: sequential, effect: {ratio: 2, points: 1}}]", "effect"),
            set("a step of two kinds", "/spec/strategy/canary", "{steps: [{setWeight: 10, pause: {}}]}", "steps[0]"),
            set("a step of no kind", "/spec/strategy/canary", "{steps: [{}]}", "steps[0]"),
            set("no steps", "/spec/strategy/canary", "{steps: []}", "steps"),
            set("a pause forever", "/spec/strategy/canary", "{steps: [{pause: {duration: forever}}]}", "duration"),
            set("a pause of 0 seconds", "/spec/strategy/canary", "{steps: [{pause: {duration: 0}}]}", "duration"),
            set("setWeight 101", "/spec/strategy/canary", "{steps: [{setWeight: 101}]}", "setWeight"),
            set("a header value of no kind", "/spec/strategy/canary",
                    "{steps: [{setHeaderRoute: {name: t, match: [{headerName: x, headerValue: {}}]}}]}", "headerValue"),
            set("a canary scale of both kinds", "/spec/strategy/canary",
                    "{steps: [{setCanaryScale: {weight: 10, matchTrafficWeight: true}}]}", "setCanaryScale"),
            set("an A/B test without match", "/spec/strategy", "{abTest: {iterations: 3}}", "match"),
            set("an A/B match of no condition", "/spec/strategy", "{abTest: {match: [{}]}}", "match[0]"),
            set("a bare maxSurge of 3", "/spec/strategy", "{rolling: {maxSurge: 3}}", "maxSurge"),
            set("maxSurge in words", "/spec/strategy", "{rolling: {maxSurge: quarter}}", "maxSurge"),
            set("rolling batch 0", "/spec/strategy", "{rolling: {batches: [0, 100]}}", "batches"),
            set("a custom strategy without type", "/spec/strategy", "{custom: {maxWeight: 10}}", "type"),
            set("a custom type with a blank", "/spec/strategy", "{custom: {type: 'my strategy'}}", "type"));

    /**
     * The rules only the validator checks: across fields, ranges of durations, what the installed
     * providers know. Each is refused by the validator and accepted by the schema.
     */
    static final List<Mutation> VALIDATOR_ONLY = List.of(
            set("stepWeight above maxWeight", "/spec/strategy/canary/stepWeight", "60", "stepWeight"),
            set("stepWeights not ascending", "/spec/strategy/canary", "{stepWeights: [20, 10]}", "stepWeights"),
            set("stepWeights with stepWeight", "/spec/strategy/canary/stepWeights", "[10, 20]", "stepWeight"),
            set("steps with another canary field", "/spec/strategy/canary/steps", "[{setWeight: 10}]", "steps"),
            set("a step weight below an earlier one", "/spec/strategy/canary", "{steps: [{setWeight: 20}, {setWeight: 10}]}",
                    "setWeight"),
            set("an interval of two days (duration ranges)", "/spec/analysis/interval", "48h", "spec.analysis.interval"),
            set("a pause of 200 hours", "/spec/strategy/canary", "{steps: [{pause: {duration: 200h}}]}", "duration"),
            set("rolling batches not ending at 100", "/spec/strategy", "{rolling: {batches: [25, 50]}}", "batches"),
            set("maxSurge 150%", "/spec/strategy", "{rolling: {maxSurge: '150%'}}", "maxSurge"),
            set("two metrics of one name", "/spec/analysis/metrics",
                    "[{name: request-success-rate, thresholdRange: {min: 99}}, {name: request-success-rate, thresholdRange: {min: 98}}]",
                    "request-success-rate"),
            set("a metric neither built in nor with a query", "/spec/analysis/metrics",
                    "[{name: queue-depth, thresholdRange: {max: 5}}]", "query"),
            set("a webhook url with user info", "/spec/analysis/webhooks/0/url", "http://user:pass@tester/", "url"),
            set("bearerToken and basicAuth together", "/spec/metricsServer", "{address: 'http://prometheus:9090',"
                    + " bearerToken: {env: PROM_TOKEN}, basicAuth: {username: u, password: {env: PROM_PASSWORD}}}",
                    "basicAuth"),
            set("a provider unknown (spec.provider is open)", "/spec/provider", "linkerd", "linkerd"),
            set("an option of another provider", "/spec/provider", "{name: istio, trackAddressing: subsets}",
                    "trackAddressing"),
            set("hosts with a provider that ignores them", "/spec/provider", "kuma", "hosts"),
            set("an invalid regular expression", "/spec/strategy", "{abTest: {match: [{headers: {x: {regex: '(['}}}]}}",
                    "regex"),
            set("a slow judge without slowerThan", "/spec/analysis/judges", "[{type: sequential, metric: slow}]",
                    "slowerThan"),
            set("a mann-whitney judge without metrics", "/spec/analysis/judges", "[{type: mann-whitney}]", "metrics"),
            set("a sequential judge's field on a mann-whitney judge", "/spec/analysis/judges",
                    "[{type: mann-whitney, alpha: 0.01, metrics: [{name: p99, query: q}]}]", "alpha"),
            set("a judge interval longer than the analysis interval", "/spec/analysis/judges",
                    "[{type: sequential, interval: 2h}]", "interval"),
            set("a git repository with a password", "/spec/delivery",
                    "{git: {repository: 'https://user:secret@git.example/ops.git'}}", "repository"),
            set("a custom strategy not installed", "/spec/strategy", "{custom: {type: no-such-strategy}}",
                    "no-such-strategy"));

    @TestFactory
    @DisplayName("both accept every example in examples/specs")
    Stream<DynamicTest> examplesAccepted() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).as("examples in " + EXAMPLES).isNotEmpty();
        return examples.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Judged judged = Judged.of(Judged.read(file));
            assertThat(judged.validatorProblems()).as("the validator's problems").isEmpty();
            assertThat(judged.schemaProblems()).as("the schema's problems").isEmpty();
        }));
    }

    @TestFactory
    @DisplayName("both refuse each invalid change the schema can express")
    Stream<DynamicTest> bothRefuse() {
        return REFUSED_BY_BOTH.stream().map(mutation -> DynamicTest.dynamicTest(mutation.name(), () -> {
            Judged judged = judge(mutation);
            assertThat(judged.validatorProblems()).as("the validator on " + mutation).contains(mutation.refusal());
            assertThat(judged.schemaProblems()).as("the schema on " + mutation).isNotEmpty();
        }));
    }

    @TestFactory
    @DisplayName("the validator alone refuses each rule the schema cannot express")
    Stream<DynamicTest> validatorOnly() {
        return VALIDATOR_ONLY.stream().map(mutation -> DynamicTest.dynamicTest(mutation.name(), () -> {
            Judged judged = judge(mutation);
            assertThat(judged.validatorProblems()).as("the validator on " + mutation).contains(mutation.refusal());
            assertThat(judged.schemaProblems()).as("the schema on " + mutation).isEmpty();
        }));
    }

    private static Judged judge(Mutation mutation) {
        ObjectNode base = Judged.read(EXAMPLES.resolve(mutation.base()));
        return Judged.of(mutation.apply(base));
    }
}
