package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import keybound.testkit.softhsm.SoftHsmConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced {@code bash} block of README.md, docs/*.md and the modules' READMEs, run as written
 * by bash (errors and broken pipes fail it) in a fresh directory holding only a link to
 * {@code ./keybound}, with its own SoftHSM token directory. A broken sample fails the build.
 * <p>
 * Secrets a person would type at the prompts come from the environment ({@code KEYBOUND_SO_PIN},
 * {@code KEYBOUND_TOKEN_PIN}, {@code KEYBOUND_CA_PIN}, the same token PIN for the CA token), and
 * {@code KEYBOUND_LISTEN_PORT=0} moves a documented port to a free one, so that the suite can run
 * beside other builds on the machine.
 */
class DocumentedCommandsIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final long TIMEOUT_MINUTES = 5;
    private static final String TYPED_PIN = "typed-pin-1";

    /** One runnable sample: where it is, and its text. */
    record Block(String source, int line, String script) {
    }

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyBashBlockRunsAsWritten() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path file : documents()) {
            blocks.addAll(blocks(ROOT.relativize(file).toString(), Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
        assertFalse(blocks.isEmpty(), "no bash blocks found under " + ROOT);
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.source() + ":" + block.line(), () -> run(block)));
    }

    @Test
    void blocksAreFoundWithTheirLines() {
        List<Block> found = blocks("x.md", List.of("text", "```bash", "echo one", "echo two", "```", "```sh", "sleep 600", "```",
                "```java", "int x;", "```"));
        assertEquals(List.of(new Block("x.md", 2, "echo one\necho two\n")), found);
    }

    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    /** The bodies of the {@code ```bash} fences in {@code lines}, each with the line of its opening fence. */
    static List<Block> blocks(String source, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```bash")) {
                continue;
            }
            var script = new StringBuilder();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                script.append(lines.get(end)).append('\n');
                end++;
            }
            assertTrue(end < lines.size(), source + ":" + (i + 1) + ": the bash block is not closed");
            blocks.add(new Block(source, i + 1, script.toString()));
            i = end;
        }
        return blocks;
    }

    private void run(Block block) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(scratch.resolve(block.source().replace('/', '_') + "-" + block.line()));
        Files.createSymbolicLink(directory.resolve("keybound"), ROOT.resolve("keybound"));
        Path tokens = Files.createDirectories(directory.resolve(".softhsm/tokens"));
        Path conf = Files.writeString(directory.resolve(".softhsm/softhsm2.conf"),
                SoftHsmConfig.render(tokens, SoftHsmConfig.ALL_MECHANISMS));
        Path script = Files.writeString(directory.resolve(".block.sh"), block.script());

        var builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", script.toString()).directory(directory.toFile());
        var env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
        env.put("KEYBOUND_STATE_DIR", directory.resolve(".keybound-state").toString());
        env.put("SOFTHSM2_CONF", conf.toString());
        env.put("KEYBOUND_SO_PIN", "typed-so-pin-1");
        env.put("KEYBOUND_TOKEN_PIN", TYPED_PIN);
        env.put("KEYBOUND_CA_PIN", TYPED_PIN);
        env.put("KEYBOUND_LISTEN_PORT", "0");
        Path out = directory.resolve(".out.txt");
        Path err = directory.resolve(".err.txt");
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(block.source() + ":" + block.line() + " still running after " + TIMEOUT_MINUTES
                    + " minutes:\n" + Files.readString(out) + Files.readString(err));
        }
        assertEquals(0, process.exitValue(), () -> block.source() + ":" + block.line() + " failed:\n" + block.script()
                + "--- stdout\n" + read(out) + "--- stderr\n" + read(err));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
