package keybound.cli.station;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.Secret;

/**
 * The whole customer card (お客様カード) in a file, for scripts: {@code admin logon --card-file}
 * takes the cells the bank asks for from it. The layout is the one {@code keybound bank
 * open-contract} prints: a line of column letters, then one line per row, its number and its cells.
 * The file must be readable by its owner only (0600 or 0400), since it holds every one-time code.
 */
final class CustomerCardFile {

    /** A card is a few hundred bytes; anything much larger is not one. */
    private static final int MAX_BYTES = 8192;
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private CustomerCardFile() {
    }

    /** Every cell of the card in {@code file}, by name ({@code C4}); the caller closes them. */
    static Map<String, Secret> read(Path file) {
        char[] text = text(file);
        Map<String, Secret> cells = new HashMap<>();
        try {
            List<String> columns = null;
            for (int start = 0, end; start < text.length; start = end + 1) {
                end = start;
                while (end < text.length && text[end] != '\n') {
                    end++;
                }
                List<int[]> words = words(text, start, end);
                if (words.isEmpty() || text[words.get(0)[0]] == '#') {
                    continue;
                }
                if (columns == null) {
                    columns = header(text, words, file);
                    continue;
                }
                row(text, words, columns, cells, file);
            }
            if (cells.isEmpty()) {
                throw refused(file, "it holds no card rows");
            }
            return cells;
        } catch (RuntimeException e) {
            cells.values().forEach(Secret::close);
            throw e;
        } finally {
            Secret.wipe(text);
        }
    }

    private static char[] text(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(OTHERS::contains)) {
                throw refused(file, "others may read it; make it yours alone: chmod 600 " + file);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            try {
                if (bytes.length > MAX_BYTES) {
                    throw refused(file, "it is larger than a customer card (" + MAX_BYTES + " bytes at most)");
                }
                CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
                char[] chars = new char[decoded.remaining()];
                decoded.get(chars);
                decoded.clear();
                while (decoded.hasRemaining()) {
                    decoded.put('\0');
                }
                return chars;
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw refused(file, "it does not exist");
        } catch (IOException e) {
            throw refused(file, "it cannot be read");
        }
    }

    /** The [start, end) of each word on the line. */
    private static List<int[]> words(char[] text, int start, int end) {
        List<int[]> words = new ArrayList<>();
        int i = start;
        while (i < end) {
            while (i < end && Character.isWhitespace(text[i])) {
                i++;
            }
            int from = i;
            while (i < end && !Character.isWhitespace(text[i])) {
                i++;
            }
            if (i > from) {
                words.add(new int[] {from, i});
            }
        }
        return words;
    }

    private static List<String> header(char[] text, List<int[]> words, Path file) {
        List<String> columns = new ArrayList<>();
        for (int[] word : words) {
            if (word[1] - word[0] != 1 || text[word[0]] < 'A' || text[word[0]] > 'Z') {
                throw refused(file, "its first line must be the column letters (A B C ...), as keybound bank open-contract prints them");
            }
            columns.add(String.valueOf(text[word[0]]));
        }
        return columns;
    }

    private static void row(char[] text, List<int[]> words, List<String> columns, Map<String, Secret> cells, Path file) {
        String number = new String(text, words.get(0)[0], words.get(0)[1] - words.get(0)[0]);
        if (!number.matches("[1-9][0-9]?") || words.size() != columns.size() + 1) {
            throw refused(file, "each row must be its number and " + columns.size() + " cells");
        }
        for (int c = 0; c < columns.size(); c++) {
            int[] word = words.get(c + 1);
            Secret previous = cells.put(columns.get(c) + number, Secret.of(text, word[0], word[1] - word[0]));
            if (previous != null) {
                previous.close();
                throw refused(file, "row " + number + " appears twice");
            }
        }
    }

    private static CliException refused(Path file, String why) {
        return new CliException(ExitCode.USAGE, "Cannot use the customer card file " + file + ": " + why + ".");
    }
}
