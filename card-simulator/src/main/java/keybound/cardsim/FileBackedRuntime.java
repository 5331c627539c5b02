package keybound.cardsim;

import com.licel.jcardsim.base.SimulatorRuntime;
import com.licel.jcardsim.base.TransientMemory;
import com.licel.jcardsim.esotericsoftware.kryo.Kryo;
import com.licel.jcardsim.esotericsoftware.kryo.Serializer;
import com.licel.jcardsim.esotericsoftware.kryo.io.Input;
import com.licel.jcardsim.esotericsoftware.kryo.io.Output;
import com.licel.jcardsim.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.licel.jcardsim.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.licel.jcardsim.objenesis.instantiator.ObjectInstantiator;
import com.licel.jcardsim.objenesis.strategy.InstantiatorStrategy;
import com.licel.jcardsim.objenesis.strategy.StdInstantiatorStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import javacard.framework.JCSystem;

/**
 * A jcardsim runtime whose applets' persistent memory (their object graphs: keys, PIN counters,
 * certificates) is written to a file after every command and read back at start, so that a
 * simulated card survives the process. The graph is written with the Kryo that jcardsim ships
 * (its own {@code PersistentSimulatorRuntime} does the same per applet; we write all applets in
 * one graph, since ours share their state). Transient arrays are written as their size and kind
 * only and made again through the runtime's transient memory: a restored card has verified no PIN.
 *
 * <p>SIMULATION ONLY: the file holds the card's private keys in the clear.
 */
final class FileBackedRuntime extends SimulatorRuntime {

    private static final int FORMAT = 1;

    private final Path file;
    private final Kryo kryo = new Kryo();
    private String serial;
    private byte[] attestationCertificate = new byte[0];
    private byte[] saved = new byte[0];

    FileBackedRuntime(Path file) {
        this.file = file;
        kryo.setReferences(true);
        kryo.setRegistrationRequired(false);
        kryo.setInstantiatorStrategy(new Instantiation());
        // The JDK's random generators inside the crypto objects hold no card state: fresh ones on reading.
        kryo.addDefaultSerializer(SecureRandom.class, new FreshSecureRandom());
        TransientMemory memory = getTransientMemory();
        kryo.register(byte[].class, new TransientAware<>(new DefaultArraySerializers.ByteArraySerializer(),
                (length, event) -> memory.makeByteArray(length, event)));
        kryo.register(short[].class, new TransientAware<>(new DefaultArraySerializers.ShortArraySerializer(),
                (length, event) -> memory.makeShortArray((short) (int) length, event)));
        kryo.register(boolean[].class, new TransientAware<>(new DefaultArraySerializers.BooleanArraySerializer(),
                (length, event) -> memory.makeBooleanArray((short) (int) length, event)));
        kryo.register(Object[].class, new TransientAware<>(new DefaultArraySerializers.ObjectArraySerializer(kryo, Object[].class),
                (length, event) -> memory.makeObjectArray((short) (int) length, event)));
    }

    /** Names the card and its attestation certificate (DER), kept in the file with the applets. */
    void describe(String cardSerial, byte[] certificate) {
        this.serial = cardSerial;
        this.attestationCertificate = certificate.clone();
        save();
    }

    String serial() {
        return serial;
    }

    byte[] attestationCertificate() {
        return attestationCertificate.clone();
    }

    @Override
    public byte[] transmitCommand(byte[] command) {
        try {
            return super.transmitCommand(command);
        } finally {
            save();
        }
    }

    @Override
    public void reset() {
        super.reset();
        save();
    }

    /** Reads the card back from the file; false if there is none yet. */
    boolean restore() {
        if (!Files.exists(file)) {
            return false;
        }
        activateSimulatorRuntimeInstance();
        try (Input in = new Input(Files.readAllBytes(file))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("the card state file " + file + " has format " + format + ", not " + FORMAT);
            }
            serial = in.readString();
            attestationCertificate = in.readBytes(in.readInt());
            List<?> instances = (List<?>) kryo.readClassAndObject(in);
            for (Object instance : instances) {
                ApplicationInstance application = (ApplicationInstance) instance;
                applets.put(application.getAID(), application);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the card state file " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the card state file " + file + " does not hold a keybound card"
                    + " (damaged, or written by another version)", e);
        }
        return true;
    }

    /** Writes the card to the file (owner only, replaced atomically) when it changed. */
    private void save() {
        if (serial == null) {
            return; // not personalised yet: there is no card to keep
        }
        byte[] snapshot;
        try (Output out = new Output(16384, -1)) {
            out.writeInt(FORMAT);
            out.writeString(serial);
            out.writeInt(attestationCertificate.length);
            out.writeBytes(attestationCertificate);
            kryo.writeClassAndObject(out, new ArrayList<>(applets.values()));
            snapshot = out.toBytes();
        }
        if (Arrays.equals(snapshot, saved)) {
            return;
        }
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, snapshot);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            saved = snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the card state file " + file, e);
        }
    }

    /**
     * The card's own objects (applets, jcardsim's crypto) are made without running a constructor,
     * as jcardsim's own persistence does: their fields come from the file, and some constructors
     * would do work of their own. The JDK's collections are made by their no-argument constructor,
     * since they need their internal tables set up.
     */
    private static final class Instantiation implements InstantiatorStrategy {
        private final InstantiatorStrategy withoutConstructor = new StdInstantiatorStrategy();
        private final InstantiatorStrategy byConstructor = new DefaultInstantiatorStrategy(withoutConstructor);

        @Override
        public <T> ObjectInstantiator<T> newInstantiatorOf(Class<T> type) {
            return (type.getName().startsWith("java.") ? byConstructor : withoutConstructor).newInstantiatorOf(type);
        }
    }

    /** Writes nothing; reads a new, self-seeded generator. */
    private static final class FreshSecureRandom extends Serializer<SecureRandom> {
        @Override
        public void write(Kryo kryo, Output out, SecureRandom random) {
            // nothing of it is kept
        }

        @Override
        public SecureRandom read(Kryo kryo, Input in, Class<? extends SecureRandom> type) {
            return new SecureRandom();
        }
    }

    /**
     * An array serializer that writes a transient array (cleared on reset or deselect) as its
     * length and kind, and makes it again in the runtime's transient memory when read.
     */
    private final class TransientAware<T> extends Serializer<T> {
        private final Serializer<T> persistent;
        private final BiFunction<Integer, Byte, T> makeTransient;

        TransientAware(Serializer<T> persistent, BiFunction<Integer, Byte, T> makeTransient) {
            this.persistent = persistent;
            this.makeTransient = makeTransient;
        }

        @Override
        public void write(Kryo kryo, Output out, T array) {
            byte event = getTransientMemory().isTransient(array);
            out.writeByte(event);
            if (event == JCSystem.NOT_A_TRANSIENT_OBJECT) {
                persistent.write(kryo, out, array);
            } else {
                out.writeVarInt(Array.getLength(array), true);
            }
        }

        @Override
        public T read(Kryo kryo, Input in, Class<? extends T> type) {
            byte event = in.readByte();
            if (event == JCSystem.NOT_A_TRANSIENT_OBJECT) {
                return persistent.read(kryo, in, type);
            }
            return makeTransient.apply(in.readVarInt(true), event);
        }
    }
}
