package dev.stepwise.git.jgit;

import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Where resources live in the repository by default, and what a path may be. */
final class RepositoryLayout {

    /** The folder of cluster-scoped resources: not a valid namespace, so it never meets one. */
    static final String CLUSTER_FOLDER = "_cluster";

    private static final Pattern SEGMENT = Pattern.compile("[^/\\\\]+");

    private RepositoryLayout() {
    }

    /** {@code <baseDir>/<namespace>/<kind in lower case>-<name>.yaml}. */
    static Function<ResourceRef, String> under(String baseDir) {
        String prefix = baseDir.isEmpty() ? "" : baseDir + "/";
        return ref -> prefix + (ref.isClusterScoped() ? CLUSTER_FOLDER : ref.namespace()) + "/"
                + ref.kind().toLowerCase(Locale.ROOT) + "-" + ref.name() + ".yaml";
    }

    /** {@code folder} without a trailing '/', checked: relative, no empty, {@code .} or {@code ..} segment. */
    static String requireFolder(String folder) {
        InvalidValueException.requireNonNull("baseDir", folder);
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        if (!trimmed.isEmpty() && !isRelative(trimmed)) {
            throw new InvalidValueException("baseDir", folder, "must be a relative '/'-separated folder without '..'");
        }
        return trimmed;
    }

    /** {@code path} as the layout gave it for {@code ref}, if it is a relative file path. */
    static String requireRelative(ResourceRef ref, String path) {
        if (path == null || !isRelative(path)) {
            throw new InvalidValueException("paths", String.valueOf(path), "gave for " + ref
                    + " a path that is not relative and '/'-separated without '..'");
        }
        return path;
    }

    private static boolean isRelative(String path) {
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
