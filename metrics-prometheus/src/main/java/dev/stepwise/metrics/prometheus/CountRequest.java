package dev.stepwise.metrics.prometheus;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.traffic.Track;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One judge's look as Prometheus answers it: the rendered count query of a flavor, and how to read
 * the canary's and the control's counts out of its answer.
 *
 * @param query     the PromQL, {@link BuiltInQueries#errorCounts()} or {@link BuiltInQueries#bucketCounts()} rendered
 * @param selection the tracks' series in the answer
 * @param counted   what counts as a bad request
 * @param unitMillis milliseconds per unit of the histogram's bounds
 */
record CountRequest(String query, CountSelection selection, BadRequests counted, double unitMillis) {

    /**
     * The request for {@code query}, its window rendered as {@code interval}.
     *
     * @throws IllegalArgumentException when the variable {@code target} is missing or a value cannot be rendered
     */
    static CountRequest of(BuiltInQueries queries, CountQuery query, String interval) {
        String target = query.variables().get("target");
        if (target == null) {
            throw new IllegalArgumentException("needs the variable target to name the tracks' series");
        }
        Map<String, String> variables = new LinkedHashMap<>(query.variables());
        variables.put(QueryTemplate.INTERVAL_VARIABLE, interval);
        TrackLabels labels = queries.trackLabels();
        CountSelection selection = new CountSelection(labels.label(), labels.valueFor(Track.CANARY, target),
                labels.valueFor(query.control(), target));
        QueryTemplate template = query.counted() instanceof BadRequests.SlowerThan ? queries.bucketCounts() : queries.errorCounts();
        return new CountRequest(template.render(variables), selection, query.counted(), queries.bucketUnitMillis());
    }

    /** The counts in {@code response}. */
    CountResult select(PrometheusResponse response) {
        if (counted instanceof BadRequests.SlowerThan slower) {
            return selection.slow(response, slower.threshold().toNanos() / 1e6, unitMillis);
        }
        return selection.errors(response);
    }
}
