package dev.hoist.agent.enroll;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "enroll", mixinStandardHelpOptions = true, description = "Enroll this server with a controller, using a join token.")
public final class EnrollCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
