package dev.stepwise.input.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.input.InputLimits;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A YAML stream of several documents")
class DocumentReaderStreamTest {

    @Test
    @DisplayName("is read document by document, in order, skipping empty ones")
    void readsEveryDocument() {
        List<JsonNode> documents = DocumentReader.ofDefaults()
                .parseAll("kind: Rollout\n---\n---\nkind: AnalysisTemplate\n---\nkind: Service\n");
        assertThat(documents).extracting(d -> d.path("kind").asText())
                .containsExactly("Rollout", "AnalysisTemplate", "Service");
    }

    @Test
    @DisplayName("with no document at all is an empty list")
    void empty() {
        assertThat(DocumentReader.ofDefaults().parseAll("")).isEmpty();
        assertThat(DocumentReader.ofDefaults().parseAll("# only a comment\n")).isEmpty();
    }

    @Test
    @DisplayName("names the line of a syntax error in a later document")
    void syntaxError() {
        assertThatThrownBy(() -> DocumentReader.ofDefaults().parseAll("kind: A\n---\nkind: [B\n"))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("line 3");
    }

    @Test
    @DisplayName("refuses YAML aliases and a whole stream past the size limit")
    void bounded() {
        assertThatThrownBy(() -> DocumentReader.ofDefaults().parseAll("a: &x [1]\n---\nb: *x\n"))
                .isInstanceOf(UnreadableDocumentException.class);
        InputLimits small = InputLimits.builder().maxDocumentBytes(64).build();
        assertThatThrownBy(() -> DocumentReader.of(small).parseAll("kind: A\n---\n".repeat(10)))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("maxDocumentBytes");
    }
}
