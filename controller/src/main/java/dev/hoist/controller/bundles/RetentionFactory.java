package dev.hoist.controller.bundles;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code bundles.retention:} how many revisions each application keeps, how long a blob that nothing
 * refers to is kept before it is deleted, and how often the rules run on their own.
 */
public class RetentionFactory {
    @JsonProperty
    @Min(1)
    private int keepLastRevisions = 20;

    /** An unreferenced blob younger than this is kept: a push may be recording its revision right now. */
    @JsonProperty
    @NotNull
    private Duration unreferencedGrace = Duration.hours(1);

    /** How often prune runs on a schedule; 0 turns the schedule off. */
    @JsonProperty
    @NotNull
    private Duration interval = Duration.hours(1);

    public int getKeepLastRevisions() {
        return keepLastRevisions;
    }

    public java.time.Duration getUnreferencedGrace() {
        return unreferencedGrace.toJavaDuration();
    }

    public java.time.Duration getInterval() {
        return interval.toJavaDuration();
    }
}
