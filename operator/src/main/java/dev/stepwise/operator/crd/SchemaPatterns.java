package dev.stepwise.operator.crd;

/**
 * The patterns of the CRD's string fields, each the one the spec reader applies (Go RE2 syntax,
 * as the API server evaluates them: no look-around).
 */
final class SchemaPatterns {

    /** A DNS-1123 label, as {@code ServiceSpec.DNS_LABEL}: at most 63 characters. */
    static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /** A DNS-1123 subdomain, as {@code SecretRef.SecretKey} and {@code ServiceSpec.ParentRef}. */
    static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /**
     * A duration as {@code Durations.parse} reads it: Go style ({@code 30s}, {@code 1m30s},
     * {@code 500ms}, a bare {@code 0}) or ISO-8601 ({@code PT1M}), surrounding blanks allowed.
     * The ranges (e.g. 1s to 168h) are the validator's.
     */
    static final String DURATION = "^\\s*[+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+"
            + "|[Pp]([0-9.,]+[Dd])?([Tt]([-+]?[0-9.,]+[Hh])?([-+]?[0-9.,]+[Mm])?([-+]?[0-9.,]+[Ss])?)?)\\s*$";

    /** A whole percent as a string, as {@code SpecValues.percent}; the range is the validator's. */
    static final String PERCENT = "^\\s*-?[0-9]{1,9}%\\s*$";

    /** An absolute http or https URL; the rest (host, user info) is the validator's. */
    static final String HTTP_URL = "^[Hh][Tt][Tt][Pp][Ss]?://.+";

    /** An environment variable's name, as {@code SecretRef.Env}. */
    static final String ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]{0,254}$";

    /** A key of a Secret's data, as {@code SecretRef.SecretKey}. */
    static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

    /** A custom strategy's type, as {@code CustomStrategyReader.TYPE}. */
    static final String CUSTOM_TYPE = "^[a-z][a-z0-9-]{0,62}$";

    private SchemaPatterns() {
    }
}
