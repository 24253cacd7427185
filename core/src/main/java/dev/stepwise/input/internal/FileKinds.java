package dev.stepwise.input.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a file that is not a regular one is, in words: {@code a FIFO}, {@code a directory}. */
final class FileKinds {

    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private FileKinds() {
    }

    /** E.g. {@code "is a FIFO"}, {@code "is a directory"}, {@code "is a character device"}. */
    static String of(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "is a directory";
        }
        try {
            // the Unix mode tells a FIFO from a device; other systems say only "special file"
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            switch (mode & TYPE_MASK) {
                case FIFO:
                    return "is a FIFO";
                case CHARACTER_DEVICE:
                    return "is a character device";
                case BLOCK_DEVICE:
                    return "is a block device";
                case SOCKET:
                    return "is a socket";
                default:
                    return "is a special file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "is a special file";
        }
    }
}
