package dev.stepwise.mesh;

/**
 * Another writer changed a resource between our read and our write (HTTP 409, or a Git push
 * rejected because the file changed). Nothing of theirs was overwritten; re-read, re-render and
 * write again.
 */
public final class ManifestConflictException extends RuntimeException {

    private final transient ResourceRef ref;

    public ManifestConflictException(ResourceRef ref, String detail) {
        super(ref + " was changed by another writer: " + detail);
        this.ref = ref;
    }

    /** The resource that changed under us. */
    public ResourceRef ref() {
        return ref;
    }
}
