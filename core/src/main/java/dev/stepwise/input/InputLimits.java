package dev.stepwise.input;

import dev.stepwise.validation.Problems;

/**
 * How large and how deep a document Stepwise reads may be: a spec, a scenario, a stored rollout
 * or a manifest. Every limit is checked before the document becomes a tree (the size before a
 * byte is parsed); a document past one is refused with a problem naming the limit, its value and
 * the document's, never read on. Whatever the limits, only regular files are read (a symlink is
 * followed to a regular file only) and YAML aliases ({@code *name}) are refused: the YAML reader
 * would take an alias for the text of its name.
 *
 * <p>The defaults ({@link #ofDefaults()}) are far above any real spec (the largest example is
 * about 2 KiB, 6 levels deep, its longest string a ~300-character query). The size is kept
 * small on purpose: SnakeYAML takes time growing with the square of a long run of blanks or a
 * long scalar (measured on 2 cores: 256 KiB 0.2 to 1.9 s, 1 MiB 0.5 to 7 s, 10 MiB 80 s).
 * <ul>
 *   <li>{@code maxDocumentBytes} {@value #DEFAULT_MAX_DOCUMENT_BYTES} (256 KiB), 1 byte to 1 GiB;</li>
 *   <li>{@code maxNestingDepth} {@value #DEFAULT_MAX_NESTING_DEPTH} objects and lists, 1 to 1000;</li>
 *   <li>{@code maxStringLength} {@value #DEFAULT_MAX_STRING_LENGTH} characters per value, 1 to 1 GiB;</li>
 *   <li>{@code maxNameLength} {@value #DEFAULT_MAX_NAME_LENGTH} characters per field name, 1 to 1 GiB;</li>
 *   <li>{@code maxNumberLength} {@value #DEFAULT_MAX_NUMBER_LENGTH} characters per number, 1 to 1000.</li>
 * </ul>
 *
 * @param maxDocumentBytes the largest document, in bytes of UTF-8
 * @param maxNestingDepth  the deepest nesting of objects and lists
 * @param maxStringLength  the longest string value, in characters
 * @param maxNameLength    the longest field name, in characters
 * @param maxNumberLength  the longest number, in characters (digits, sign, point, exponent)
 */
public record InputLimits(int maxDocumentBytes, int maxNestingDepth, int maxStringLength, int maxNameLength,
                          int maxNumberLength) {

    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024;
    public static final int DEFAULT_MAX_NAME_LENGTH = 1024;
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 100;

    private static final int GIB = 1024 * 1024 * 1024;
    private static final InputLimits DEFAULTS = new InputLimits(DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_NESTING_DEPTH,
            DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_NUMBER_LENGTH);

    /** @throws dev.stepwise.validation.InvalidConfigException naming every limit out of its range */
    public InputLimits {
        Problems problems = new Problems();
        problems.checkBetween("maxDocumentBytes", maxDocumentBytes, 1, GIB);
        problems.checkBetween("maxNestingDepth", maxNestingDepth, 1, 1000);
        problems.checkBetween("maxStringLength", maxStringLength, 1, GIB);
        problems.checkBetween("maxNameLength", maxNameLength, 1, GIB);
        problems.checkBetween("maxNumberLength", maxNumberLength, 1, 1000);
        problems.throwIfAny("input limits");
    }

    /** The defaults listed above. */
    public static InputLimits ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link InputLimits}; each setter takes one limit, unset ones keep the start's. */
    public static final class Builder {

        private int maxDocumentBytes;
        private int maxNestingDepth;
        private int maxStringLength;
        private int maxNameLength;
        private int maxNumberLength;

        private Builder(InputLimits start) {
            maxDocumentBytes = start.maxDocumentBytes;
            maxNestingDepth = start.maxNestingDepth;
            maxStringLength = start.maxStringLength;
            maxNameLength = start.maxNameLength;
            maxNumberLength = start.maxNumberLength;
        }

        /** Default {@value InputLimits#DEFAULT_MAX_DOCUMENT_BYTES}; 1 byte to 1 GiB. */
        public Builder maxDocumentBytes(int bytes) {
            maxDocumentBytes = bytes;
            return this;
        }

        /** Default {@value InputLimits#DEFAULT_MAX_NESTING_DEPTH}; 1 to 1000. */
        public Builder maxNestingDepth(int depth) {
            maxNestingDepth = depth;
            return this;
        }

        /** Default {@value InputLimits#DEFAULT_MAX_STRING_LENGTH}; 1 to 1 GiB. */
        public Builder maxStringLength(int characters) {
            maxStringLength = characters;
            return this;
        }

        /** Default {@value InputLimits#DEFAULT_MAX_NAME_LENGTH}; 1 to 1 GiB. */
        public Builder maxNameLength(int characters) {
            maxNameLength = characters;
            return this;
        }

        /** Default {@value InputLimits#DEFAULT_MAX_NUMBER_LENGTH}; 1 to 1000. */
        public Builder maxNumberLength(int characters) {
            maxNumberLength = characters;
            return this;
        }

        /** @throws dev.stepwise.validation.InvalidConfigException naming every limit out of its range */
        public InputLimits build() {
            return new InputLimits(maxDocumentBytes, maxNestingDepth, maxStringLength, maxNameLength, maxNumberLength);
        }
    }
}
