package keybound.testkit.softhsm;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: makes sure the SoftHSM config and token directory exist before the test
 * class touches the library, and injects {@link SoftHsmEnvironment} and {@link SoftHsmTools}.
 * Each test class then creates its own fresh tokens with unique labels ({@link TokenSpec#fresh}).
 */
public final class SoftHsmExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        var restricted = context.getRequiredTestClass().getAnnotation(SoftHsmMechanisms.class);
        if (restricted != null) {
            SoftHsmEnvironment.current(restricted.value());
        } else {
            SoftHsmEnvironment.current();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SoftHsmEnvironment.class || type == SoftHsmTools.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SoftHsmEnvironment environment = SoftHsmEnvironment.current();
        return parameter.getParameter().getType() == SoftHsmTools.class ? new SoftHsmTools(environment) : environment;
    }
}
