package keybound.issuer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.store.Database;
import keybound.issuer.store.SharedSettingRepository;

/**
 * Settings every node on one registry must agree on. The first node to start records its values;
 * a later node whose values differ is refused with every key that disagrees; only the operator's
 * {@link #adopt} changes what the bank records. Values are plain settings, never secrets.
 */
public final class SharedSettings {

    private final Database database;
    private final Clock clock;
    private final SharedSettingRepository settings = new SharedSettingRepository();
    private final AuditLog audit = new AuditLog();

    public SharedSettings(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Records the values the registry does not hold yet and checks the others.
     *
     * @throws SharedSettingsDisagreeException naming every key whose value differs from the bank's
     */
    public void check(Map<String, String> node) {
        List<SharedSettingsDisagreeException.Difference> differences = database.inTransaction(c -> {
            settings.lock(c);
            Map<String, String> bank = settings.all(c);
            Instant now = clock.instant();
            List<SharedSettingsDisagreeException.Difference> found = new ArrayList<>();
            for (var setting : sorted(node).entrySet()) {
                String recorded = bank.get(setting.getKey());
                if (recorded == null) {
                    settings.put(c, setting.getKey(), setting.getValue(), now);
                    audit.append(c, now, AuditEvent.SHARED_SETTING_RECORDED, setting.getKey(), setting.getValue());
                } else if (!recorded.equals(setting.getValue())) {
                    found.add(new SharedSettingsDisagreeException.Difference(setting.getKey(), recorded, setting.getValue()));
                }
            }
            return found;
        });
        if (!differences.isEmpty()) {
            throw new SharedSettingsDisagreeException(differences);
        }
    }

    /** The operator's change: this node's values become the bank's. Returns the keys whose value changed. */
    public List<String> adopt(Map<String, String> node) {
        return database.inTransaction(c -> {
            settings.lock(c);
            Map<String, String> bank = settings.all(c);
            Instant now = clock.instant();
            List<String> changed = new ArrayList<>();
            for (var setting : sorted(node).entrySet()) {
                String recorded = bank.get(setting.getKey());
                if (!setting.getValue().equals(recorded)) {
                    settings.put(c, setting.getKey(), setting.getValue(), now);
                    audit.append(c, now, AuditEvent.SHARED_SETTING_CHANGED, setting.getKey(),
                            (recorded == null ? "(none)" : recorded) + " -> " + setting.getValue());
                    changed.add(setting.getKey());
                }
            }
            return changed;
        });
    }

    /** What the registry records now, by key. */
    public SortedMap<String, String> recorded() {
        return database.inTransaction(c -> new TreeMap<>(settings.all(c)));
    }

    private static SortedMap<String, String> sorted(Map<String, String> values) {
        return new TreeMap<>(values);
    }
}
