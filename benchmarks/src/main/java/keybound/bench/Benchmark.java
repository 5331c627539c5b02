package keybound.bench;

import java.util.List;

/**
 * One benchmark: measures, then prints its tables (Markdown) to standard output. Started by
 * {@link BenchmarkRunner} under the name it is registered with; never by a test.
 */
public interface Benchmark {

    /** Runs with the words of {@code bench.args} (e.g. {@code --seconds 8}); throws on a wrong option. */
    void run(List<String> args) throws Exception;
}
