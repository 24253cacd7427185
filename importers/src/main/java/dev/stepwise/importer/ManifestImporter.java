package dev.stepwise.importer;

/**
 * Turns the manifests of one progressive-delivery tool into Stepwise specs. An importer is
 * pure: no I/O, no clock; the same manifests give the same specs and findings. Implementations
 * are in this module, one package per tool.
 */
public interface ManifestImporter {

    /** The tool's name as the CLI takes it: {@code flagger} or {@code argo}. */
    String tool();

    /**
     * Imports every rollout resource of the tool in {@code manifests} (Flagger {@code Canary},
     * Argo {@code Rollout}), with the templates given alongside. Documents of kinds the importer
     * does not read are reported as warnings, never dropped silently; no rollout resource at all
     * is an error.
     */
    ImportResult importFrom(ManifestSet manifests);
}
