package dev.stepwise.secret.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The form of a URL that may be shown: user info becomes {@value #MASK}, and so does the value of
 * every query parameter whose name looks like a credential ({@code token}, {@code access_token},
 * {@code key}, {@code apikey}, {@code password}, {@code secret}, {@code sig}, {@code signature},
 * and names ending in one of these). A text that does not parse as an absolute URL is shown as its
 * scheme and host only, never raw. Not API.
 */
public final class RedactedUrl {

    /** What a hidden part is shown as. */
    public static final String MASK = "***";

    private static final List<String> CREDENTIAL_NAMES = List.of("token", "key", "apikey", "password", "passwd",
            "pwd", "secret", "sig", "signature", "auth", "authorization", "credential", "credentials", "session");
    private static final Pattern SCHEME_AND_AUTHORITY = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\\s]*)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");

    private RedactedUrl() {
    }

    /** {@code url} as it may be shown. */
    public static String of(URI url) {
        return of(url.toString());
    }

    /** {@code text} as it may be shown, parsed as a URL; {@code (no URL)} for null or blank. */
    public static String of(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return "(no URL)";
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return schemeAndHost(text);
        }
        if (!uri.isAbsolute() && uri.getRawAuthority() == null && !text.contains("@")) {
            // a relative reference ("/approve") has no user info to hide: shown with its query redacted
            return (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + query(uri.getRawQuery()));
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
            return schemeAndHost(text);
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            shown.append(MASK).append('@');
        }
        if (uri.getHost() == null) {
            // a registry-based authority (no parsable host) may hide user info anywhere
            return shown.append("(host not shown)").toString();
        }
        shown.append(uri.getHost());
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        shown.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            shown.append('?').append(query(uri.getRawQuery()));
        }
        if (uri.getRawFragment() != null) {
            shown.append('#').append(query(uri.getRawFragment()));
        }
        return shown.toString();
    }

    /** Whether {@code url} carries user info ({@code user@} or {@code user:password@}). */
    public static boolean hasUserInfo(URI url) {
        return url.getRawUserInfo() != null || (url.getHost() == null && url.getRawAuthority() != null
                && url.getRawAuthority().contains("@"));
    }

    /** Whether a query parameter called {@code name} carries a credential, by its name. */
    public static boolean isCredentialName(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = name; // a malformed %-escape: judged as written
        }
        String normal = decoded.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return CREDENTIAL_NAMES.stream().anyMatch(normal::endsWith);
    }

    private static String query(String rawQuery) {
        StringBuilder shown = new StringBuilder();
        for (String pair : rawQuery.split("&", -1)) {
            if (shown.length() > 0) {
                shown.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            shown.append(eq >= 0 && isCredentialName(name) ? name + "=" + MASK : pair);
        }
        return shown.toString();
    }

    private static String schemeAndHost(String text) {
        Matcher matcher = SCHEME_AND_AUTHORITY.matcher(text);
        if (!matcher.find()) {
            return "(not a URL; not shown)";
        }
        String authority = matcher.group(2);
        boolean userInfo = authority.contains("@");
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host = hostAndPort.startsWith("[") ? hostAndPort.substring(0, hostAndPort.indexOf(']') + 1)
                : hostAndPort.contains(":") ? hostAndPort.substring(0, hostAndPort.indexOf(':')) : hostAndPort;
        String shownHost = HOST.matcher(host).matches() ? host : "(host not shown)";
        return matcher.group(1) + "://" + (userInfo ? MASK + "@" : "") + shownHost + "/... (rest not shown)";
    }
}
