package dev.stepwise.timeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a {@link Timeline} as JSON for scripts. The schema is stable: fields always appear in
 * this order, and new fields will only ever be added, never renamed or reordered.
 *
 * <pre>{@code
 * {
 *   "rollout": "podinfo",
 *   "strategy": "canary",
 *   "result": "Succeeded",
 *   "steps": [
 *     {
 *       "time": "PT1M",
 *       "phase": "Progressing",
 *       "weights": {"stable": 90, "canary": 10},
 *       "mirror": 0,
 *       "verdict": "Pass",
 *       "decision": "advance",
 *       "reason": "analysis passed; canary weight 20%",
 *       "metrics": {"request-success-rate": 99.8, "request-duration": 213.4},
 *       "judges": [
 *         {"name": "sequential-errors", "statistic": 1.23, "harmfulBound": 5.298, "harmlessBound": -2.996,
 *          "outcome": "KEEP_COLLECTING"}
 *       ]
 *     }
 *   ]
 * }
 * }</pre>
 * <ul>
 *   <li>{@code strategy}: {@code canary}, {@code blueGreen}, {@code rolling} or {@code abTest}
 *       ({@code custom} for a user's own strategy);</li>
 *   <li>{@code result}: the phase the rollout ended in, {@code Succeeded}, {@code RolledBack},
 *       {@code Aborted} or {@code Paused};</li>
 *   <li>{@code steps}: one per step, i.e. per analysis interval, in order;</li>
 *   <li>{@code time}: ISO-8601 duration since the first step, which is at {@code PT0S};</li>
 *   <li>{@code phase}: the phase after the step;</li>
 *   <li>{@code weights}: the weights in force after the step, integer percents; {@code stable}
 *       and {@code canary} always, {@code baseline} only when above 0;</li>
 *   <li>{@code mirror}: percent of stable traffic mirrored to the canary after the step;</li>
 *   <li>{@code verdict}: the analysis outcome of the step, {@code Pass}, {@code Fail},
 *       {@code NoData} or {@code None} (no analysis this step);</li>
 *   <li>{@code decision}: what the strategy decided, e.g. {@code advance}, {@code hold},
 *       {@code roll back}; {@code reason}: why, possibly empty;</li>
 *   <li>{@code metrics}: the observed value of each judged metric, by name, in verdict order, exactly
 *       as measured (not rounded); a verdict without a value (no data, a webhook check) is left
 *       out, so the object may be empty;</li>
 *   <li>{@code judges}: only on a step where a statistical judge looked, one per judge in verdict
 *       order: its {@code name}, its {@code statistic} (the summed log likelihood ratio, also in
 *       {@code metrics}), the {@code harmfulBound} at or above which it answers {@code HARMFUL}
 *       ({@code ln(1/(alpha/k))} for {@code k} judges), the {@code harmlessBound} at or below which
 *       it answers {@code NOT_HARMFUL} ({@code ln(beta)}), and its {@code outcome}: {@code HARMFUL},
 *       {@code NOT_HARMFUL} or {@code KEEP_COLLECTING} ({@link JudgeReading}). A judge whose source
 *       had no counts is left out (its verdict says NoData or Error).</li>
 * </ul>
 * Output is indented with two spaces, {@code \n} line ends and a final line end; the same
 * timeline always gives the same text.
 */
public final class TimelineJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private TimelineJson() {
    }

    /** The timeline as JSON text, in the schema above. */
    public static String write(Timeline timeline) {
        InvalidValueException.requireNonNull("timeline", timeline);
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setPrettyPrinter(prettyPrinter());
            json.writeStartObject();
            json.writeStringField("rollout", timeline.rollout());
            json.writeStringField("strategy", timeline.strategy().label());
            json.writeStringField("result", timeline.result().label());
            json.writeArrayFieldStart("steps");
            for (Timeline.Entry entry : timeline.entries()) {
                writeEntry(json, entry);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.toString() + "\n";
    }

    private static void writeEntry(JsonGenerator json, Timeline.Entry entry) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", entry.time().toString());
        json.writeStringField("phase", entry.phase().label());
        json.writeObjectFieldStart("weights");
        json.writeNumberField("stable", entry.stable());
        json.writeNumberField("canary", entry.canary());
        if (entry.baseline() > 0) {
            json.writeNumberField("baseline", entry.baseline());
        }
        json.writeEndObject();
        json.writeNumberField("mirror", entry.mirror());
        json.writeStringField("verdict", entry.verdict().label());
        json.writeStringField("decision", entry.decision().label());
        json.writeStringField("reason", entry.reason());
        json.writeObjectFieldStart("metrics");
        Set<String> written = new HashSet<>();
        for (Verdict verdict : entry.verdicts()) {
            // A metric and a webhook check may share a name; JSON keys must not repeat.
            if (verdict.hasObservedValue() && Double.isFinite(verdict.observed()) && written.add(verdict.metric())) {
                json.writeNumberField(verdict.metric(), verdict.observed());
            }
        }
        json.writeEndObject();
        if (!entry.judges().isEmpty()) {
            json.writeArrayFieldStart("judges");
            for (JudgeReading judge : entry.judges()) {
                json.writeStartObject();
                json.writeStringField("name", judge.name());
                json.writeNumberField("statistic", judge.statistic());
                json.writeNumberField("harmfulBound", judge.harmfulBound());
                json.writeNumberField("harmlessBound", judge.harmlessBound());
                json.writeStringField("outcome", judge.outcome().name());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
