package dev.stepwise.analysis.judge;

/** Where the canary's shift from the control lies against a metric's tolerated band (Kayenta's classification). */
public enum MetricClassification {
    /** The whole confidence interval of the shift lies above the tolerated band. */
    HIGH,
    /** The whole confidence interval of the shift lies below the tolerated band. */
    LOW,
    /** The interval reaches into the tolerated band: no change beyond the tolerance is shown. */
    PASS,
    /** Too few samples on a track to compare: never a pass. */
    NO_DATA
}
