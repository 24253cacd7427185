package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SpecFields, the reader's fields for other modules")
class SpecFieldsTest {

    @Test
    @DisplayName("lists the same objects and fields, in the same order, as the spec reference's check walks")
    void sameAsTheReferenceWalk() {
        assertThat(SpecFields.byObject()).containsExactlyEntriesOf(SpecReferenceTest.accepted());
    }
}
