package keybound.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import keybound.server.ConfigException;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA PIN file: read in one bounded read, a PIN at the limit taken, one byte more refused naming ca.pin-file. */
class CaPinFileTest {

    @TempDir
    Path directory;

    @Test
    void aPinOfTheLimitIsReadWithoutItsLineEnd() throws IOException {
        String pin = "7".repeat(CaPinFile.MAX_BYTES - 2);
        try (Secret read = CaPinFile.read(pinFile(pin + "\r\n")); Secret expected = Secret.of(pin)) {
            assertTrue(read.matches(expected));
        }
        try (Secret read = CaPinFile.read(pinFile("7".repeat(CaPinFile.MAX_BYTES)))) {
            assertEquals(CaPinFile.MAX_BYTES, read.length());
        }
    }

    @Test
    void oneByteOverTheLimitOrAFileFarLargerIsRefused() throws IOException {
        for (int size : new int[] {CaPinFile.MAX_BYTES + 1, 4 * 1024 * 1024}) {
            byte[] content = new byte[size];
            Arrays.fill(content, (byte) '7');
            Path file = pinFile(new String(content, StandardCharsets.US_ASCII));
            var refused = assertThrows(ConfigException.class, () -> CaPinFile.read(file));
            assertEquals("ca.pin-file", refused.key());
            assertTrue(refused.getMessage().contains("larger than " + CaPinFile.MAX_BYTES + " bytes"), refused.getMessage());
        }
    }

    @Test
    void anEmptyFileAndALinkAreRefused() throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> CaPinFile.read(pinFile("\n"))).getMessage().contains("empty"));
        Path link = Files.createSymbolicLink(directory.resolve("link.pin"), pinFile("1234"));
        assertTrue(assertThrows(ConfigException.class, () -> CaPinFile.read(link)).getMessage().contains("not a regular file"));
    }

    private Path pinFile(String content) throws IOException {
        Path file = Files.createTempFile(directory, "ca", ".pin");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
