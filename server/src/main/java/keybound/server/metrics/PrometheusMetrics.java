package keybound.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * {@link BankMetrics} in a Micrometer Prometheus registry. Names as Prometheus shows them:
 * {@code keybound_logons_total{step,result}}, {@code keybound_logon_seconds} (histogram, per step),
 * {@code keybound_lockouts_total{where}}, {@code keybound_issuances_total{kind,result}},
 * {@code keybound_issuance_seconds} (histogram, per kind), {@code keybound_token_errors_total{operation}}.
 * Tags hold only fixed words and problem codes: never an account, a certificate or a secret.
 */
public final class PrometheusMetrics implements BankMetrics {

    // Logons and issuances take from milliseconds (a right PIN) to seconds (a token under load).
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Override
    public void logon(String step, String result, Duration took) {
        Counter.builder("keybound.logons").description("logon steps answered, by step and result")
                .tag("step", step).tag("result", result).register(registry).increment();
        histogram("keybound.logon", "time to answer a logon step").tag("step", step).register(registry).record(took);
    }

    @Override
    public void lockout(String where) {
        Counter.builder("keybound.lockouts").description("accounts locked by a wrong secret")
                .tag("where", where).register(registry).increment();
    }

    @Override
    public void issuance(String kind, String result, Duration took) {
        Counter.builder("keybound.issuances").description("certificate requests answered, by kind and result")
                .tag("kind", kind).tag("result", result).register(registry).increment();
        histogram("keybound.issuance", "time to answer a certificate request").tag("kind", kind).register(registry).record(took);
    }

    @Override
    public void tokenError(String operation) {
        Counter.builder("keybound.token.errors").description("failures of the bank's token while serving")
                .tag("operation", operation).register(registry).increment();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    private static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED);
    }
}
