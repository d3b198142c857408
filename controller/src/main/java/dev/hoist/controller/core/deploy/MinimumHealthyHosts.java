package dev.hoist.controller.core.deploy;

/**
 * How many hosts of a deployment must stay healthy while it runs, and succeed for it to succeed
 * (appspec.md §4). Built-in configurations: {@link #ONE_AT_A_TIME}, {@link #HALF_AT_A_TIME},
 * {@link #ALL_AT_ONCE}.
 */
public sealed interface MinimumHealthyHosts {

    /** All but one host must stay healthy: hosts are deployed one at a time. */
    MinimumHealthyHosts ONE_AT_A_TIME = new AllButOne();
    /** Half the fleet, rounded up, must stay healthy. */
    MinimumHealthyHosts HALF_AT_A_TIME = new FleetPercent(50);
    /** No minimum: every host at once; one success is enough. */
    MinimumHealthyHosts ALL_AT_ONCE = new HostCount(0);

    /** The minimum for a deployment to {@code hostCount} hosts. */
    int requiredOf(int hostCount);

    /** As users write it: {@code HOST_COUNT 3}, {@code FLEET_PERCENT 40}, {@code ALL_BUT_ONE}. */
    String describe();

    /** A fixed number of hosts. */
    record HostCount(int value) implements MinimumHealthyHosts {
        public HostCount {
            if (value < 0) {
                throw new IllegalArgumentException(
                        "minimum healthy hosts must be 0 or more, not " + value);
            }
        }

        @Override
        public int requiredOf(int hostCount) {
            return value;
        }

        @Override
        public String describe() {
            return "HOST_COUNT " + value;
        }
    }

    /** A percentage of the hosts, rounded up. */
    record FleetPercent(int value) implements MinimumHealthyHosts {
        public FleetPercent {
            if (value < 0 || value > 100) {
                throw new IllegalArgumentException(
                        "minimum healthy percent must be between 0 and 100, not " + value);
            }
        }

        @Override
        public int requiredOf(int hostCount) {
            // Integer arithmetic: 10 hosts at 30% must need 3, which floating point would round up to 4.
            return (hostCount * value + 99) / 100;
        }

        @Override
        public String describe() {
            return "FLEET_PERCENT " + value;
        }
    }

    /** Every host but one (the built-in {@code OneAtATime}). */
    record AllButOne() implements MinimumHealthyHosts {
        @Override
        public int requiredOf(int hostCount) {
            return Math.max(0, hostCount - 1);
        }

        @Override
        public String describe() {
            return "ALL_BUT_ONE";
        }
    }
}
