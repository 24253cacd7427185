package dev.stepwise.git.jgit;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spi.StepNote;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One write to the repository, index by index: each resource, its path, the blob id it was read at
 * ({@code ""} when it was absent), and the files' new contents.
 */
record PendingWrite(List<ResourceRef> refs, List<String> paths, List<String> expectedBlobs,
                    Map<String, Optional<String>> contents) {

    PendingWrite {
        refs = List.copyOf(refs);
        paths = List.copyOf(paths);
        expectedBlobs = List.copyOf(expectedBlobs);
        contents = Collections.unmodifiableMap(new LinkedHashMap<>(contents));
    }

    static PendingWrite of(List<Manifest> manifests, Function<ResourceRef, String> pathOf,
                           Function<Manifest, String> content) {
        InvalidValueException.requireNonNull("manifests", manifests);
        List<ResourceRef> refs = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> blobs = new ArrayList<>();
        Map<String, Optional<String>> contents = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            InvalidValueException.requireNonNull("manifest", manifest);
            String path = pathOf.apply(manifest.ref());
            if (contents.containsKey(path)) {
                throw new InvalidValueException("manifests", manifest.ref().toString(),
                        "share the path " + path + " with another resource of the same write");
            }
            refs.add(manifest.ref());
            paths.add(path);
            blobs.add(manifest.resourceVersion());
            contents.put(path, Optional.of(content.apply(manifest)));
        }
        return new PendingWrite(refs, paths, blobs, contents);
    }

    /**
     * The pull-request branch of this change: {@code stepwise/<namespace>-<name>/<version>} for a
     * rollout's step (the store version it was written ahead at, the same when it is re-applied),
     * {@code stepwise/<namespace>-<name>/change-<commit>} for any other change.
     */
    static String branch(PendingWrite change, Optional<StepNote> note, String commit) {
        Optional<StepNote> step = note.filter(StepNote::isStep);
        if (step.isPresent()) {
            return GitManifestSink.BRANCH_PREFIX + step.get().rollout().replace('/', '-') + "/" + step.get().version();
        }
        ResourceRef first = change.refs().get(0);
        String name = first.isClusterScoped() ? first.name() : first.namespace() + "-" + first.name();
        return GitManifestSink.BRANCH_PREFIX + name + "/change-" + ForeignCommits.shortId(commit);
    }
}
