package keybound.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A wrong command line in one line, like every other failure: what picocli found wrong and where
 * the command's help is, instead of the whole usage text.
 */
final class UsageReporter implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage() == null ? "wrong command line" : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        command.getErr().println("keybound: " + message + (message.endsWith(".") ? "" : ".") + " See: "
                + command.getCommandSpec().qualifiedName() + " --help");
        return ExitCode.USAGE;
    }
}
