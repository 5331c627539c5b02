package keybound.cardsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManufacturerCaTest {

    private static final String KEY_FILE = "manufacturer-key.pem";

    @TempDir Path directory;

    @Test
    void keptManufacturerIsReadBackAndNoTemporaryFileIsLeft() throws Exception {
        ManufacturerCa made = ManufacturerCa.openOrCreate(directory);

        assertEquals(made.certificate(), ManufacturerCa.openOrCreate(directory).certificate());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(Set.of(ManufacturerCa.CERTIFICATE_FILE, KEY_FILE),
                    files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void certificateWithoutKeyIsRefusedAndLeftAsItWas() throws IOException {
        ManufacturerCa.openOrCreate(directory);
        byte[] certificate = Files.readAllBytes(directory.resolve(ManufacturerCa.CERTIFICATE_FILE));
        Files.delete(directory.resolve(KEY_FILE));

        var refused = assertThrows(IncompleteManufacturerException.class, () -> ManufacturerCa.openOrCreate(directory));

        assertTrue(refused.getMessage().contains(KEY_FILE + " is missing"), refused.getMessage());
        assertArrayEquals(certificate, Files.readAllBytes(directory.resolve(ManufacturerCa.CERTIFICATE_FILE)));
        assertFalse(Files.exists(directory.resolve(KEY_FILE)));
    }

    @Test
    void keyWithoutCertificateIsRefusedAndLeftAsItWas() throws IOException {
        ManufacturerCa.openOrCreate(directory);
        byte[] key = Files.readAllBytes(directory.resolve(KEY_FILE));
        Files.delete(directory.resolve(ManufacturerCa.CERTIFICATE_FILE));

        var refused = assertThrows(IncompleteManufacturerException.class, () -> ManufacturerCa.openOrCreate(directory));

        assertTrue(refused.getMessage().contains(ManufacturerCa.CERTIFICATE_FILE + " is missing"), refused.getMessage());
        assertArrayEquals(key, Files.readAllBytes(directory.resolve(KEY_FILE)));
        assertFalse(Files.exists(directory.resolve(ManufacturerCa.CERTIFICATE_FILE)));
    }
}
