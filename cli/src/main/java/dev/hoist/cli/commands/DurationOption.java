package dev.hoist.cli.commands;

import dev.hoist.cli.ExitCodes;
import dev.hoist.cli.client.CliFailure;
import picocli.CommandLine;

/** Durations given as option text, in whole seconds, with the option's name in any refusal. */
final class DurationOption {
    private static final DurationConverter CONVERTER = new DurationConverter();

    private DurationOption() {
    }

    static long seconds(String option, String text) {
        try {
            return CONVERTER.convert(text).toSeconds();
        } catch (CommandLine.TypeConversionException e) {
            throw new CliFailure(option + " " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
