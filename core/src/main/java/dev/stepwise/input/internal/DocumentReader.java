package dev.stepwise.input.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.stepwise.input.InputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one way from a file or a text to a tree, for every document Stepwise reads: a regular file
 * only, a size checked before reading, then a parse bounded by {@link InputLimits}. Refusals are
 * {@link UnreadableDocumentException}s whose message names the limit, its value and the
 * document's; the caller adds the document's name. Thread-safe. Not API.
 */
public final class DocumentReader {

    private static final DocumentReader DEFAULTS = new DocumentReader(InputLimits.ofDefaults());

    private final InputLimits limits;
    private final ObjectMapper yaml;
    private final ObjectMapper json;

    private DocumentReader(InputLimits limits) {
        this.limits = limits;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxNameLength())
                .maxNumberLength(limits.maxNumberLength())
                .build();
        // SnakeYAML's own bounds, for the parts of it Jackson uses (its reader counts code points)
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(limits.maxDocumentBytes());
        loader.setNestingDepthLimit(limits.maxNestingDepth());
        loader.setMaxAliasesForCollections(0);
        loader.setAllowDuplicateKeys(false);
        // the builder leaves out EMPTY_STRING_AS_NULL, which new YAMLFactory() has: "a:" is null, not ""
        this.yaml = new YAMLMapper(YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build());
        this.json = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(constraints).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();
    }

    /** A reader bounded by {@code limits}. */
    public static DocumentReader of(InputLimits limits) {
        return limits.equals(DEFAULTS.limits) ? DEFAULTS : new DocumentReader(limits);
    }

    /** A reader bounded by {@link InputLimits#ofDefaults()}. */
    public static DocumentReader ofDefaults() {
        return DEFAULTS;
    }

    public InputLimits limits() {
        return limits;
    }

    /**
     * The text of {@code file}, a regular file (or a symlink to one) of at most
     * {@code maxDocumentBytes} bytes of UTF-8. Reads at most one byte more than the limit, so a
     * file that grows while it is read is refused too.
     *
     * @throws UnreadableDocumentException for a directory, FIFO, device or socket, a file past the
     *                                     limit, or bytes that are not UTF-8
     * @throws IOException                 when the file is missing or cannot be opened
     */
    public String readFile(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new UnreadableDocumentException(FileKinds.of(file, attributes)
                    + ", not a regular file; Stepwise reads documents from regular files only");
        }
        if (attributes.size() > limits.maxDocumentBytes()) {
            throw tooLarge(attributes.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limits.maxDocumentBytes() + 1);
        }
        if (bytes.length > limits.maxDocumentBytes()) {
            throw tooLarge(bytes.length);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableDocumentException("not UTF-8 text; a document is written in UTF-8");
        }
    }

    /**
     * The one document in {@code text} as a tree; a missing node when the text holds none.
     *
     * @throws UnreadableDocumentException past a limit, for a YAML alias, a syntax error, a
     *                                     duplicate key or a second document
     */
    public JsonNode parse(String text, Syntax syntax) {
        long bytes = utf8Length(text);
        if (bytes > limits.maxDocumentBytes()) {
            throw tooLarge(bytes);
        }
        ObjectMapper mapper = syntax == Syntax.YAML ? yaml : json;
        // not readValues: it would take a root-level list for a sequence of documents
        try (JsonParser parser = new LimitedParser(mapper.createParser(text), limits)) {
            try {
                JsonNode first = mapper.readTree(parser);
                if (first == null) {
                    return mapper.missingNode();
                }
                if (parser.nextToken() != null) {
                    throw new UnreadableDocumentException("line "
                            + parser.currentLocation().getLineNr() + ": a second document; a file holds exactly one");
                }
                return first;
            } catch (StreamConstraintsException e) {
                throw new UnreadableDocumentException(ConstraintMessages.of(e) + at(parser.currentLocation()));
            } catch (JsonProcessingException e) {
                throw new UnreadableDocumentException("invalid " + syntax + at(e.getLocation()) + ": "
                        + ConstraintMessages.reason(e.getOriginalMessage()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every document in a YAML stream ({@code ---} separated), in order, each a tree; empty
     * documents are skipped. The limits apply to the whole text, so many small documents cannot
     * add up past them.
     *
     * @throws UnreadableDocumentException past a limit, for a YAML alias, a syntax error or a
     *                                     duplicate key, naming the line
     */
    public java.util.List<JsonNode> parseAll(String text) {
        long bytes = utf8Length(text);
        if (bytes > limits.maxDocumentBytes()) {
            throw tooLarge(bytes);
        }
        java.util.List<JsonNode> documents = new java.util.ArrayList<>();
        try (JsonParser parser = new LimitedParser(yaml.createParser(text), limits)) {
            try {
                while (true) {
                    JsonNode next = yaml.readTree(parser);
                    if (next == null) {
                        return documents;
                    }
                    if (!next.isMissingNode() && !next.isNull()) {
                        documents.add(next);
                    }
                }
            } catch (StreamConstraintsException e) {
                throw new UnreadableDocumentException(ConstraintMessages.of(e) + at(parser.currentLocation()));
            } catch (JsonProcessingException e) {
                throw new UnreadableDocumentException("invalid YAML" + at(e.getLocation()) + ": "
                        + ConstraintMessages.reason(e.getOriginalMessage()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code " at line L, column C"}, or nothing when unknown. */
    static String at(@Nullable JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private UnreadableDocumentException tooLarge(long bytes) {
        return new UnreadableDocumentException("document size " + bytes + " bytes is more than the limit of "
                + limits.maxDocumentBytes() + " bytes (maxDocumentBytes)");
    }

    /** The UTF-8 length of {@code text}, counted up to one past the limit. */
    private long utf8Length(String text) {
        if (text.length() > limits.maxDocumentBytes()) {
            return text.length();
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
