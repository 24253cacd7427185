package dev.stepwise.secret.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Known secrets (a token, a password, a header's value) and the forms they travel in, removed from
 * any text before it is quoted: as written, URL-encoded ({@code %2B} and {@code +} for a space,
 * either case of hex) and base64 (standard and URL-safe, at each of the three alignments a secret
 * can have inside a longer base64 text, as the password in a basic-auth header). Each occurrence
 * becomes {@value RedactedUrl#MASK}. Immutable, thread-safe. Not API.
 */
public final class Secrets {

    /** No secret: {@link #scrub(String)} returns its text unchanged. */
    public static final Secrets NONE = new Secrets(List.of());

    /** Base64 cores shorter than this are not scrubbed: they would match ordinary text. */
    private static final int MIN_BASE64_CORE = 6;

    private final List<String> secrets;
    private final List<String> forms;

    private Secrets(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
        Set<String> all = new LinkedHashSet<>();
        for (String secret : this.secrets) {
            all.addAll(forms(secret));
        }
        List<String> sorted = new ArrayList<>(all);
        // longest first, so that a form containing another is replaced whole
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(sorted);
    }

    /** The non-empty strings among {@code secrets}. */
    public static Secrets of(Collection<? extends @Nullable String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty() && !kept.contains(secret)) {
                kept.add(secret);
            }
        }
        return kept.isEmpty() ? NONE : new Secrets(kept);
    }

    /** The non-empty strings among {@code secrets}. */
    public static Secrets of(@Nullable String... secrets) {
        return of(java.util.Arrays.asList(secrets));
    }

    /**
     * The secrets a URL carries: its user info (and the user and password in it) and the values of
     * its query parameters whose names look like credentials ({@link RedactedUrl#isCredentialName}).
     */
    public static Secrets in(URI url) {
        List<String> found = new ArrayList<>();
        String userInfo = url.getUserInfo();
        if (userInfo != null) {
            found.add(userInfo);
            found.addAll(List.of(userInfo.split(":", 2)));
        }
        String query = url.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && eq < pair.length() - 1 && RedactedUrl.isCredentialName(pair.substring(0, eq))) {
                    found.add(pair.substring(eq + 1));
                    found.add(decode(pair.substring(eq + 1)));
                }
            }
        }
        return of(found);
    }

    /** These secrets and {@code other}'s. */
    public Secrets and(Secrets other) {
        List<String> both = new ArrayList<>(secrets);
        both.addAll(other.secrets);
        return of(both);
    }

    /** Whether there is no secret to scrub. */
    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** {@code text} with every form of every secret replaced by {@value RedactedUrl#MASK}; "" for null. */
    public String scrub(@Nullable String text) {
        String scrubbed = text == null ? "" : text;
        for (String form : forms) {
            scrubbed = scrubbed.replace(form, RedactedUrl.MASK);
        }
        return scrubbed;
    }

    /** Whether {@code text} holds any form of any secret. */
    public boolean foundIn(@Nullable String text) {
        return text != null && forms.stream().anyMatch(text::contains);
    }

    /** The number of secrets, never the secrets. */
    @Override
    public String toString() {
        return "Secrets[" + secrets.size() + " hidden]";
    }

    /** Every form of {@code secret} that is scrubbed. */
    static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(encoded);
        forms.add(encoded.replace("+", "%20"));
        forms.add(lowerHex(encoded));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String core = base64Core(encoder, bytes, offset);
                if (core.length() >= MIN_BASE64_CORE) {
                    forms.add(core);
                }
            }
        }
        return forms;
    }

    /**
     * The base64 characters that depend on {@code bytes} alone when they follow {@code offset}
     * other bytes inside a longer text: the first characters, shared with the bytes before, and
     * the last, shared with the bytes after, are left out.
     */
    private static String base64Core(Base64.Encoder encoder, byte[] bytes, int offset) {
        byte[] padded = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, padded, offset, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(padded);
        int start = offset == 0 ? 0 : offset == 1 ? 2 : 3;
        int end = padded.length % 3 == 0 ? encoded.length() : encoded.length() - 1;
        return start < end ? encoded.substring(start, end) : "";
    }

    private static String lowerHex(String encoded) {
        StringBuilder lower = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            boolean hex = i >= 1 && encoded.charAt(i - 1) == '%' || i >= 2 && encoded.charAt(i - 2) == '%';
            lower.append(hex ? Character.toLowerCase(c) : c);
        }
        return lower.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
