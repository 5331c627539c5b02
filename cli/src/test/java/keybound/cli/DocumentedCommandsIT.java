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
 * by bash (errors and broken pipes fail it). The blocks of one document run in order, in one bash
 * session, in a fresh directory holding only a link to {@code ./keybound} and its own SoftHSM token
 * directory: a later block sees the files, variables and background processes of the earlier ones,
 * as a reader following the document in one terminal would. A broken sample fails the build and is
 * named by its line; a background process left running is stopped at the end.
 * <p>
 * The documents give their own secrets (on standard input, or exported); the one change from a
 * reader's terminal is {@code KEYBOUND_LISTEN_PORT=0}, which moves a documented port to a free one
 * so that the suite can run beside other builds on the machine. The station's profile and sessions
 * go to the fresh directory ({@code XDG_CONFIG_HOME}, {@code KEYBOUND_STATE_DIR}), not to the home
 * directory of whoever runs the tests.
 */
class DocumentedCommandsIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final long TIMEOUT_MINUTES = 15;
    /** Printed before each block, so that a failure names the block it happened in. */
    private static final String MARK = "### keybound documented block ";

    /** One runnable sample: where it is, and its text. */
    record Block(String source, int line, String script) {
    }

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyBashBlockRunsAsWritten() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : documents()) {
            String source = ROOT.relativize(file).toString();
            List<Block> blocks = blocks(source, Files.readAllLines(file, StandardCharsets.UTF_8));
            if (!blocks.isEmpty()) {
                tests.add(DynamicTest.dynamicTest(source + " (" + blocks.size() + " blocks)", () -> run(source, blocks)));
            }
        }
        assertFalse(tests.isEmpty(), "no bash blocks found under " + ROOT);
        return tests.stream();
    }

    @Test
    void blocksAreFoundWithTheirLines() {
        List<Block> found = blocks("x.md", List.of("text", "```bash", "echo one", "echo two", "```", "```sh", "sleep 600", "```",
                "```java", "int x;", "```"));
        assertEquals(List.of(new Block("x.md", 2, "echo one\necho two\n")), found);
        assertEquals("echo '" + MARK + "x.md:2'\necho '" + MARK + "x.md:2' >&2\necho one\necho two\n", session(found));
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

    /** One session: the blocks in order, each announced on both streams, background jobs stopped at the end. */
    static String session(List<Block> blocks) {
        var script = new StringBuilder();
        for (Block block : blocks) {
            script.append("echo '").append(MARK).append(block.source()).append(':').append(block.line()).append("'\n")
                    .append("echo '").append(MARK).append(block.source()).append(':').append(block.line()).append("' >&2\n")
                    .append(block.script());
        }
        return script.toString();
    }

    private void run(String source, List<Block> blocks) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(scratch.resolve(source.replace('/', '_')));
        Files.createSymbolicLink(directory.resolve("keybound"), ROOT.resolve("keybound"));
        Path tokens = Files.createDirectories(directory.resolve(".softhsm/tokens"));
        Path conf = Files.writeString(directory.resolve(".softhsm/softhsm2.conf"),
                SoftHsmConfig.render(tokens, SoftHsmConfig.ALL_MECHANISMS));
        Path script = Files.writeString(directory.resolve(".session.sh"), session(blocks));

        var builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", script.toString()).directory(directory.toFile());
        var env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
        env.put("KEYBOUND_STATE_DIR", directory.resolve(".keybound-state").toString());
        env.put("XDG_CONFIG_HOME", directory.resolve(".config").toString());
        env.put("SOFTHSM2_CONF", conf.toString());
        env.put("KEYBOUND_LISTEN_PORT", "0");
        Path out = directory.resolve(".out.txt");
        Path err = directory.resolve(".err.txt");
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        boolean ended = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        process.descendants().forEach(ProcessHandle::destroyForcibly); // a server a document forgot to stop
        if (!ended) {
            process.destroyForcibly();
            throw new AssertionError(source + " still running after " + TIMEOUT_MINUTES + " minutes, in "
                    + lastBlock(read(out)) + ":\n" + read(out) + read(err));
        }
        assertEquals(0, process.exitValue(), () -> source + " failed in " + lastBlock(read(out)) + ":\n--- stdout\n"
                + read(out) + "--- stderr\n" + read(err));
    }

    /** The block the output last announced. */
    private static String lastBlock(String output) {
        int at = output.lastIndexOf(MARK);
        return at < 0 ? "its first block" : output.substring(at + MARK.length()).lines().findFirst().orElse("?");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
