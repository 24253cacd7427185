package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;
import java.util.function.Function;

/** Where resources live in the repository by default, and what a path may be. */
final class RepositoryLayout {

    /** The folder of cluster-scoped resources: not a valid namespace, so it never meets one. */
    static final String CLUSTER_FOLDER = "_cluster";

    private RepositoryLayout() {
    }

    /** {@code <baseDir>/<namespace>/<kind in lower case>-<name>.yaml}. */
    static Function<ResourceRef, String> under(String baseDir) {
        String prefix = baseDir.isEmpty() ? "" : baseDir + "/";
        return ref -> prefix + (ref.isClusterScoped() ? CLUSTER_FOLDER : ref.namespace()) + "/"
                + ref.kind().toLowerCase(Locale.ROOT) + "-" + ref.name() + ".yaml";
    }

    /** {@code folder} without a trailing '/', checked: relative, no empty, {@code .}, {@code ..} or {@code .git} segment. */
    static String requireFolder(String folder) {
        return RepoPaths.requireDirectoryOrRoot("baseDir", folder);
    }

    /** {@code path} as the layout gave it for {@code ref}, if it names a file inside the repository. */
    static String requireRelative(ResourceRef ref, String path) {
        try {
            return RepoPaths.requireFile("paths", path);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("paths", String.valueOf(path), "gave for " + ref
                    + " a path that is not a relative '/'-separated file path without '..' or '.git'");
        }
    }
}
