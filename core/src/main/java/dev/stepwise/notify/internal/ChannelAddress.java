package dev.stepwise.notify.internal;

import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.secret.internal.Secrets;
import dev.stepwise.validation.InvalidValueException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A channel's address, checked and hidden: chat webhooks carry their token in the path, where
 * {@link RedactedUrl} (which hides user info and credential-like query values) would still show
 * it, so a channel's address is shown as its scheme and host only. Not API.
 */
public final class ChannelAddress {

    private ChannelAddress() {
    }

    /**
     * {@code address} if it is an absolute {@code http} or {@code https} URL with a host.
     *
     * @throws InvalidValueException naming {@code field}, never quoting the address
     */
    public static URI check(String field, URI address) {
        InvalidValueException.requireNonNull(field, address);
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || address.getHost() == null) {
            throw new InvalidValueException(field, shown(address), "must be an absolute http or https URL with a host");
        }
        return address;
    }

    /** The form of {@code address} that may be shown: {@code https://hooks.slack.com/***}. */
    public static String shown(URI address) {
        if (address.getScheme() == null || address.getHost() == null) {
            return "(address not shown)";
        }
        return address.getScheme() + "://" + address.getHost() + (address.getPort() >= 0 ? ":" + address.getPort() : "")
                + "/" + RedactedUrl.MASK;
    }

    /** The secrets {@code address} carries: the whole URL, its path and query, and what {@link Secrets#in} finds. */
    public static Secrets secrets(URI address) {
        List<String> parts = new ArrayList<>();
        parts.add(address.toString());
        for (String part : new String[] {address.getRawPath(), address.getPath(), address.getRawQuery()}) {
            if (part != null && part.length() > 1) {
                parts.add(part);
            }
        }
        return Secrets.of(parts).and(Secrets.in(address));
    }
}
