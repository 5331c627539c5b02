package keybound.testkit.softhsm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class using {@link SoftHsmExtension}: the {@code slots.mechanisms} value SoftHSM
 * gets in this class's JVM (see {@link SoftHsmConfig#render}). Needs one JVM per test class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SoftHsmMechanisms {
    String value();
}
