package dev.stepwise.spec;

import dev.stepwise.validation.internal.NodeReader;
import java.util.ArrayList;
import java.util.List;

/** The fields of an entry whose meaning depends on its {@code type}: another type's fields are refused as such. */
final class OnlyFor {

    private OnlyFor() {
    }

    /**
     * Records a problem for each field of {@code entry} that only {@code otherType} reads
     * ({@code otherFields} but not {@code own}), and an unknown-field problem for any field that
     * neither reads.
     */
    static void refuse(NodeReader entry, List<String> otherFields, List<String> own, String otherType) {
        List<String> both = new ArrayList<>(own);
        for (String field : otherFields) {
            if (!own.contains(field)) {
                both.add(field);
                if (entry.has(field)) {
                    entry.problem(field, "applies only to type: " + otherType);
                }
            }
        }
        entry.allowOnly(both);
    }
}
