package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.importer.ManifestDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates {@code spec.strategy.blueGreen} into Stepwise's blue/green: the preview lasts the
 * pre-promotion analysis' {@code count} intervals (one without), plus {@code
 * autoPromotionSeconds} in whole intervals; {@code postPromotionAnalysis}' count becomes {@code
 * postPromotionIterations} (0 without, as Argo finishes at once); {@code scaleDownDelaySeconds}
 * is {@code scaleDownDelay}; {@code autoPromotionEnabled: false} is {@code autoPromotion: false}
 * (after the preview, wait for an operator's {@code promote}).
 */
final class BlueGreen {

    private static final Set<String> READ = Set.of("activeService", "previewService", "autoPromotionEnabled",
            "autoPromotionSeconds", "prePromotionAnalysis", "postPromotionAnalysis", "scaleDownDelaySeconds");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final long DEFAULT_INTERVAL_MS = 60_000;

    private BlueGreen() {
    }

    static ObjectNode translate(JsonNode blueGreen, String path, ObjectNode spec, ImportContext context,
                                Map<String, ManifestDocument> services, FindingLog log) {
        ObjectNode out = spec.objectNode();
        int pre = analysis(blueGreen.path("prePromotionAnalysis"), path + ".prePromotionAnalysis", context, log);
        int post = analysis(blueGreen.path("postPromotionAnalysis"), path + ".postPromotionAnalysis", context, log);
        int iterations = Math.max(pre, 1);
        if (blueGreen.has("autoPromotionSeconds")) {
            long seconds = blueGreen.path("autoPromotionSeconds").asLong();
            long interval = intervalMillis(context.analysis().interval());
            long looks = Math.max(1, (seconds * 1000 + interval - 1) / interval);
            iterations = (int) (Math.max(pre, 0) + looks);
            if (looks * interval != seconds * 1000) {
                log.warning(path + ".autoPromotionSeconds", "Stepwise promotes after whole analysis intervals: "
                        + seconds + "s becomes " + looks + " interval(s) of " + interval / 1000.0 + "s");
            }
        }
        out.put("iterations", iterations);
        out.put("postPromotionIterations", post);
        if (blueGreen.has("scaleDownDelaySeconds")) {
            out.put("scaleDownDelay", blueGreen.path("scaleDownDelaySeconds").asLong() + "s");
        }
        if (!blueGreen.path("autoPromotionEnabled").asBoolean(true)) {
            out.put("autoPromotion", false);
            if (blueGreen.has("autoPromotionSeconds")) {
                log.warning(path + ".autoPromotionSeconds", "ignored with autoPromotionEnabled: false (as in Argo):"
                        + " the rollout waits for stepwise promote");
            }
        }
        TrackServices.write(spec, text(blueGreen, "activeService"), Optional.empty(), text(blueGreen, "previewService"),
                services, path, log);
        log.notCarried(blueGreen, path, READ, "no Stepwise equivalent; not carried");
        return out;
    }

    /** Adds the block's checks to the spec's analysis; its longest {@code count} (1 without), or 0 without a block. */
    private static int analysis(JsonNode block, String path, ImportContext context, FindingLog log) {
        if (block.isMissingNode()) {
            return 0;
        }
        List<ImportedMetric> metrics = context.templates().resolve(block, path, Set.of(), log);
        context.analysis().addRolloutWide(metrics, path, log);
        return metrics.stream().flatMap(m -> m.count().stream()).mapToInt(Integer::intValue).max().orElse(1);
    }

    static Optional<String> text(JsonNode node, String field) {
        return node.has(field) ? Optional.of(node.path(field).asText()) : Optional.empty();
    }

    /** A Go duration ({@code 1m30s}) in milliseconds; the spec's default, 1m, when absent or unreadable. */
    static long intervalMillis(Optional<String> interval) {
        if (interval.isEmpty() || !interval.get().matches("(\\d+(ms|s|m|h))+")) {
            return DEFAULT_INTERVAL_MS;
        }
        long total = 0;
        Matcher m = GO_DURATION.matcher(interval.get());
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
        }
        return Math.max(total, 1);
    }
}
