package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import keybound.bankapi.client.BackOfficeClient;
import keybound.cli.BankNodes.Administrator;
import keybound.testkit.postgres.PostgresServer;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchmarks/run nodes}: complete administrator logons (a new mutual-TLS connection each,
 * then イ and the card cells) through haproxy with one node and with two, each node a
 * {@code keybound server} process on one PostgreSQL. Reports logons/s, the CPU each node and
 * haproxy spend per logon (from {@code /proc/PID/stat}), and the database's share per logon:
 * transactions ({@code pg_stat_database.xact_commit}) and statements ({@code pg_stat_statements}).
 * Runs only when asked ({@code -Dkeybound.bench.nodes=true}); a benchmark, not a test: it asserts
 * only that logons were made.
 */
@EnabledIfSystemProperty(named = "keybound.bench.nodes", matches = "true")
@ExtendWith(SoftHsmExtension.class)
class NodesBenchmark {

    /** Linux reports process CPU in clock ticks of 1/100 s (USER_HZ). */
    private static final double MILLIS_PER_TICK = 10.0;

    @TempDir
    Path directory;

    private record Row(int nodes, long logons, double perSecond, List<Double> nodeCpuMillis, double haproxyCpuMillis,
            double transactions, double statements) {
    }

    @Test
    void logonsThroughHaproxyWithOneAndTwoNodes(SoftHsmEnvironment softhsm) throws Exception {
        int seconds = Integer.getInteger("keybound.bench.seconds", 20);
        int clients = Integer.getInteger("keybound.bench.clients", 4);
        PostgresServer database = PostgresServer.start(Path.of("target"), List.of("shared_preload_libraries=pg_stat_statements"));
        try {
            database.sql("postgres", "CREATE DATABASE bank");
            database.sql("bank", "CREATE EXTENSION pg_stat_statements");
            try (BankNodes bank = new BankNodes(directory, softhsm, database.jdbcUrl("bank"), 2, List.of())) {
                bank.start(0);
                List<Administrator> administrators = new ArrayList<>();
                try (BackOfficeClient office = bank.backOffice()) {
                    office.registerBank(BankNodes.BANK, "Bench Shinkin", "NONE");
                    for (int i = 0; i < clients; i++) {
                        administrators.add(bank.administrator(office));
                    }
                }
                List<Row> rows = new ArrayList<>();
                rows.add(measure(bank, database, administrators, 1, seconds));
                bank.start(1);
                rows.add(measure(bank, database, administrators, 2, seconds));
                String table = table(rows, clients, seconds);
                System.out.print(table);
                Files.writeString(Path.of("target", "nodes-benchmark.txt"), table);
            }
        } finally {
            database.stop();
        }
    }

    private static Row measure(BankNodes bank, PostgresServer database, List<Administrator> administrators, int nodes,
            int seconds) throws Exception {
        var stop = new AtomicBoolean();
        var measuring = new AtomicBoolean();
        var logons = new AtomicLong();
        var failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Administrator admin : administrators) {
            var keys = BankNodes.keyManager(admin);
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        BankNodes.logon(bank.balanced(Optional.of(keys)), admin); // a new connection per logon
                        if (measuring.get()) {
                            logons.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "bench-client");
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(5000); // warm-up: JIT, pools, TLS
        long[] nodeTicks = new long[nodes];
        for (int i = 0; i < nodes; i++) {
            nodeTicks[i] = ticks(bank.node(i).pid());
        }
        long haproxyTicks = ticks(bank.haproxy().pid());
        long transactions = Long.parseLong(database.sql("bank", "SELECT xact_commit FROM pg_stat_database WHERE datname = 'bank'"));
        long statements = statements(database);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long made = logons.get();
        List<Double> nodeCpu = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            nodeCpu.add((ticks(bank.node(i).pid()) - nodeTicks[i]) * MILLIS_PER_TICK / made);
        }
        double haproxyCpu = (ticks(bank.haproxy().pid()) - haproxyTicks) * MILLIS_PER_TICK / made;
        double perLogonTransactions = (Long.parseLong(database.sql("bank",
                "SELECT xact_commit FROM pg_stat_database WHERE datname = 'bank'")) - transactions) / (double) made;
        double perLogonStatements = (statements(database) - statements) / (double) made;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(made > 0, "no logon in " + seconds + " s; " + failures.get() + " failed");
        return new Row(nodes, made, made / elapsed, nodeCpu, haproxyCpu, perLogonTransactions, perLogonStatements);
    }

    /** Statements the bank's database has run, pg_stat_statements' own reads left out. */
    private static long statements(PostgresServer database) {
        return Long.parseLong(database.sql("bank", "SELECT COALESCE(SUM(s.calls), 0) FROM pg_stat_statements s "
                + "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'bank' AND s.query NOT LIKE '%pg_stat%'"));
    }

    /** User plus system CPU of process {@code pid} so far, in clock ticks ({@code /proc/PID/stat} fields 14 and 15). */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1); // fields from 3 on
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String table(List<Row> rows, int clients, int seconds) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format("nodes benchmark: %d clients, %d s per row, load average %s%n", clients, seconds,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        out.append("| nodes | logons | logons/s | CPU ms/logon per node | haproxy CPU ms/logon | DB transactions/logon | DB statements/logon |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append(String.format("| %d | %d | %.1f | %s | %.2f | %.1f | %.1f |%n", row.nodes(), row.logons(), row.perSecond(),
                    String.join(" / ", row.nodeCpuMillis().stream().map(ms -> String.format("%.1f", ms)).toList()),
                    row.haproxyCpuMillis(), row.transactions(), row.statements()));
        }
        return out.toString();
    }
}
