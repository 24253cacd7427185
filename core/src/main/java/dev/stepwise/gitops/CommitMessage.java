package dev.stepwise.gitops;

import dev.stepwise.validation.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A commit message: a subject line, a body and trailers ({@code Stepwise-Rollout: test/podinfo}),
 * which {@code git log --format=%(trailers)} and {@code git interpret-trailers} read.
 *
 * @param subject  one line, not empty
 * @param body     free text, may be empty
 * @param trailers trailer keys ({@code [A-Za-z0-9-]+}) to one-line values, in order
 */
public record CommitMessage(String subject, String body, Map<String, String> trailers) {

    private static final Pattern TRAILER_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    public CommitMessage {
        if (subject == null || subject.isBlank() || subject.contains("\n")) {
            throw new InvalidValueException("subject", subject, "must be one non-empty line");
        }
        body = body == null ? "" : body.strip();
        InvalidValueException.requireNonNull("trailers", trailers);
        for (Map.Entry<String, String> trailer : trailers.entrySet()) {
            if (!TRAILER_KEY.matcher(trailer.getKey()).matches()) {
                throw new InvalidValueException("trailers", trailer.getKey(), "keys must be letters, digits and '-'");
            }
            if (trailer.getValue() == null || trailer.getValue().contains("\n")) {
                throw new InvalidValueException("trailers." + trailer.getKey(), trailer.getValue(), "must be one line");
            }
        }
        trailers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
    }

    /** The message as Git stores it: subject, blank line, body, blank line, trailers. */
    public String text() {
        StringBuilder text = new StringBuilder(subject).append('\n');
        if (!body.isEmpty()) {
            text.append('\n').append(body).append('\n');
        }
        if (!trailers.isEmpty()) {
            text.append('\n');
            trailers.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
