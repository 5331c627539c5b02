package keybound.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import keybound.issuer.store.Database;
import keybound.issuer.store.SqlWork;

/**
 * What the durable H2 commit costs one issuance. An issuance's registry work is one read
 * transaction (the contract and its hashes) and one writing transaction (certificate row, audit
 * entry, audit head); this harness does the same shape of work through {@link Database#h2} as it is
 * now (WRITE_DELAY=0, fsync after a writing transaction) and through the same pool over the URL
 * keybound used before (H2's default 500 ms write delay), interleaved round by round.
 *
 * <p>{@code benchmarks/run commit [ISSUANCES ROUNDS]} (200 and 15 by default).
 */
public final class CommitBenchmark implements Benchmark {

    @Override
    public void run(List<String> args) throws Exception {
        int perRound = args.size() > 0 ? Integer.parseInt(args.get(0)) : 200;
        int rounds = args.size() > 1 ? Integer.parseInt(args.get(1)) : 15;
        Path directory = Files.createDirectories(Path.of("target", "commit-benchmark")).toAbsolutePath();
        var before = new HikariConfig();
        before.setJdbcUrl("jdbc:h2:file:" + directory.resolve("before-" + System.nanoTime()) + ";LOCK_TIMEOUT=10000");
        before.setAutoCommit(false);
        try (HikariDataSource previous = new HikariDataSource(before);
             Database durable = Database.h2(directory.resolve("durable-" + System.nanoTime()))) {
            Registry old = new Registry(work -> {
                try (Connection c = previous.getConnection()) {
                    work.run(c);
                    c.commit();
                }
            });
            Registry now = new Registry(durable::inTransaction);
            old.prepare();
            now.prepare();
            List<Double> oldTimes = new ArrayList<>();
            List<Double> nowTimes = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                oldTimes.add(old.issuances(perRound));
                nowTimes.add(now.issuances(perRound));
            }
            System.out.printf("registry work of one issuance on H2, ms (median / min / max of %d rounds of %d):%n", rounds, perRound);
            print("before (H2 default write delay)", oldTimes);
            print("now (WRITE_DELAY=0, fsync after a write)", nowTimes);
        }
    }

    private static void print(String name, List<Double> times) {
        Collections.sort(times);
        System.out.printf("  %-42s %8.3f %8.3f %8.3f%n", name, times.get(times.size() / 2), times.get(0), times.get(times.size() - 1));
    }

    /** Runs a unit of work in one transaction, committed. */
    private interface Transactions {
        void run(SqlWork<?> work) throws Exception;
    }

    private static final class Registry {

        private static final String CERTIFICATE = "C".repeat(1200);
        private static final String AUDIT = "a".repeat(200);

        private final Transactions transactions;
        private long serial;

        Registry(Transactions transactions) {
            this.transactions = transactions;
        }

        void prepare() throws Exception {
            transactions.run(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE bench_certificate (serial BIGINT PRIMARY KEY, der VARCHAR(8000))");
                    s.execute("CREATE TABLE bench_audit (seq BIGINT PRIMARY KEY, detail VARCHAR(1000))");
                    s.execute("CREATE TABLE bench_head (id INT PRIMARY KEY, seq BIGINT)");
                    return s.executeUpdate("INSERT INTO bench_head VALUES (1, 0)");
                }
            });
        }

        /** Milliseconds per issuance over {@code count} issuances. */
        double issuances(int count) throws Exception {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                transactions.run(Registry::read);
                long next = ++serial;
                transactions.run(c -> write(c, next));
            }
            return (System.nanoTime() - start) / 1e6 / count;
        }

        private static long read(Connection c) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT seq FROM bench_head WHERE id = 1")) {
                rows.next();
                return rows.getLong(1);
            }
        }

        private static int write(Connection c, long serial) throws SQLException {
            try (PreparedStatement certificate = c.prepareStatement("INSERT INTO bench_certificate VALUES (?, ?)");
                 PreparedStatement audit = c.prepareStatement("INSERT INTO bench_audit VALUES (?, ?)");
                 PreparedStatement head = c.prepareStatement("UPDATE bench_head SET seq = ? WHERE id = 1")) {
                certificate.setLong(1, serial);
                certificate.setString(2, CERTIFICATE);
                audit.setLong(1, serial);
                audit.setString(2, AUDIT);
                head.setLong(1, serial);
                return certificate.executeUpdate() + audit.executeUpdate() + head.executeUpdate();
            }
        }
    }
}
