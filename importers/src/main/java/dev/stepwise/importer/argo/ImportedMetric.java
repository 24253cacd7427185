package dev.stepwise.importer.argo;

import java.util.Optional;

/**
 * One metric of an Argo Rollouts analysis template, resolved for a rollout: its arguments
 * substituted, its condition read as a threshold range.
 *
 * @param name         the check's name (the template metric's)
 * @param query        the Prometheus query, arguments substituted
 * @param range        the values that pass
 * @param interval     Argo's {@code interval}, as written (a Go duration), if set
 * @param count        Argo's {@code count}, if set
 * @param failureLimit Argo's {@code failureLimit}: failed measurements tolerated (default 0)
 * @param address      the Prometheus address, if set
 */
record ImportedMetric(String name, String query, ThresholdCondition range, Optional<String> interval,
                      Optional<Integer> count, int failureLimit, Optional<String> address) {

    /** This metric under another name. */
    ImportedMetric named(String other) {
        return new ImportedMetric(other, query, range, interval, count, failureLimit, address);
    }
}
