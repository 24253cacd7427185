package dev.stepwise.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.MannWhitneyCheck;
import dev.stepwise.analysis.OnInconclusive;
import dev.stepwise.analysis.judge.HarmfulEffect;
import dev.stepwise.analysis.judge.SequentialJudge;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.internal.NodeReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One entry of {@code spec.analysis.judges}, read and written: {@code type: sequential} with
 * {@code name} (default {@code sequential-<metric>}), {@code metric} ({@code errors}, the default,
 * or {@code slow} with {@code slowerThan}), {@code alpha}, {@code beta}, {@code effect}
 * ({@code {ratio: 2}} or {@code {points: 0.5}}), {@code minimumRequests}, {@code holdLimit} and
 * {@code onInconclusive} ({@code promote-on-checks}, the default, {@code hold} or {@code rollback}) and
 * {@code interval} (its own look interval, 1s up to the analysis interval; default 10s or the
 * analysis interval when shorter; written only when set).
 * {@code type: mann-whitney} entries are read by {@link MannWhitneySpec}.
 */
final class JudgeSpec {

    static final List<String> FIELDS = List.of("type", "name", "metric", "slowerThan", "alpha", "beta", "effect",
            "minimumRequests", "holdLimit", "onInconclusive", "interval");
    static final List<String> TYPES = List.of("sequential", "mann-whitney");
    static final List<String> METRICS = List.of("errors", "slow");
    static final List<String> EFFECT_FIELDS = List.of("ratio", "points");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JudgeSpec() {
    }

    /**
     * The judge as the change it makes to the policy (a sequential judge or a
     * {@code type: mann-whitney} one, read by {@link MannWhitneySpec}), or empty when the entry
     * has a problem (each recorded under its path).
     */
    static Optional<Consumer<AnalysisPolicy.Builder>> read(NodeReader item) {
        Optional<NodeReader> judge = item.asObject();
        if (judge.isEmpty()) {
            return Optional.empty();
        }
        NodeReader j = judge.get();
        if (MannWhitneySpec.declares(j.node())) {
            return MannWhitneySpec.read(j).map(check -> policy -> policy.distributionJudge(check));
        }
        return sequential(j).map(check -> policy -> policy.judge(check));
    }

    /** The entry's name as the verdicts carry it, where the entry alone tells it. */
    static Optional<String> nameOf(JsonNode item) {
        JsonNode name = item.path("name");
        if (name.isTextual()) {
            return Optional.of(name.textValue());
        }
        return MannWhitneySpec.declares(item) ? Optional.of(MannWhitneyCheck.DEFAULT_NAME) : Optional.empty();
    }

    private static Optional<JudgeCheck> sequential(NodeReader j) {
        OnlyFor.refuse(j, MannWhitneySpec.FIELDS, FIELDS, "mann-whitney");
        j.allowOnly(FIELDS);
        Optional<String> type = j.required("type", r -> r.asOneOf(TYPES));
        String metric = j.optional("metric", r -> r.asOneOf(METRICS)).orElse("errors");
        Optional<Duration> slowerThan = j.optional("slowerThan",
                SpecValues.durationBetween(Duration.ofMillis(1), BadRequests.MAX_SLOWER_THAN));
        if (metric.equals("slow") && !j.has("slowerThan")) {
            j.problem("slowerThan", "is required with metric: slow (e.g. 500ms)");
        }
        if (metric.equals("errors") && j.has("slowerThan")) {
            j.problem("slowerThan", "applies only to metric: slow");
        }
        SequentialJudge.Builder test = SequentialJudge.builder();
        j.number("alpha").ifPresent(test::alpha);
        j.number("beta").ifPresent(test::beta);
        j.object("effect").flatMap(JudgeSpec::effect).ifPresent(test::effect);
        j.optional("minimumRequests", r -> r.asLong(0, SequentialJudge.MAX_MINIMUM_REQUESTS)).ifPresent(test::minimumRequests);
        int holdLimit = j.optional("holdLimit", r -> r.asInteger(0, JudgeCheck.MAX_HOLD_LIMIT))
                .orElse(JudgeCheck.DEFAULT_HOLD_LIMIT);
        OnInconclusive onInconclusive = j.optional("onInconclusive", r -> r.asOneOf(OnInconclusive.labels()))
                .map(OnInconclusive::of).orElse(JudgeCheck.DEFAULT_ON_INCONCLUSIVE);
        Optional<Duration> interval = j.optional("interval",
                SpecValues.durationBetween(Duration.ofSeconds(JudgeCheck.MIN_INTERVAL_SECONDS), AnalysisPolicy.MAX_INTERVAL));
        Optional<String> name = j.string("name");
        // built before the check for problems, so that a wrong alpha is reported next to a wrong holdLimit
        Optional<SequentialJudge> built = j.build(test::build);
        if (j.troubled() || type.isEmpty()) {
            return Optional.empty();
        }
        Optional<BadRequests> counts = metric.equals("slow")
                ? slowerThan.flatMap(threshold -> j.build(() -> BadRequests.slowerThan(threshold)))
                : Optional.of(BadRequests.errors());
        if (built.isEmpty() || counts.isEmpty()) {
            return Optional.empty();
        }
        return j.build(() -> new JudgeCheck(name.orElse(JudgeCheck.defaultName(counts.get())), counts.get(), built.get(),
                holdLimit).onInconclusive(onInconclusive)).map(check -> interval.map(check::interval).orElse(check));
    }

    private static Optional<HarmfulEffect> effect(NodeReader effect) {
        effect.allowOnly(EFFECT_FIELDS);
        Optional<Double> ratio = effect.number("ratio");
        Optional<Double> points = effect.number("points");
        if (effect.troubled()) {
            return Optional.empty();
        }
        if (ratio.isPresent() == points.isPresent()) {
            effect.problem("must set exactly one of ratio (e.g. 2) or points (e.g. 0.5)");
            return Optional.empty();
        }
        return effect.build(() -> ratio.isPresent() ? new HarmfulEffect.Ratio(ratio.get())
                : new HarmfulEffect.Points(points.get()));
    }

    /** The entry as {@link #read} reads it, every field written. */
    static ObjectNode write(JudgeCheck judge) {
        ObjectNode node = NODES.objectNode().put("type", "sequential").put("name", judge.name())
                .put("metric", judge.counts().metric());
        if (judge.counts() instanceof BadRequests.SlowerThan slow) {
            node.put("slowerThan", Durations.format(slow.threshold()));
        }
        SequentialJudge test = judge.judge();
        node.put("alpha", test.alpha()).put("beta", test.beta());
        if (test.effect() instanceof HarmfulEffect.Ratio ratio) {
            node.putObject("effect").put("ratio", ratio.factor());
        } else if (test.effect() instanceof HarmfulEffect.Points points) {
            node.putObject("effect").put("points", points.points());
        }
        node.put("minimumRequests", test.minimumRequests()).put("holdLimit", judge.holdLimit())
                .put("onInconclusive", judge.onInconclusive().label());
        judge.interval().ifPresent(every -> node.put("interval", Durations.format(every)));
        return node;
    }
}
