package dev.hoist.agent.deploy;

import dev.hoist.agent.state.FlatJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link CommandRecord} as the fields of its file; the names are those earlier agents wrote. */
final class CommandRecords {
    private CommandRecords() {
    }

    static Map<String, Object> toJson(CommandRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("commandId", record.commandId());
        fields.put("deploymentId", record.deploymentId());
        fields.put("groupId", record.groupId());
        fields.put("events", record.events());
        fields.put("state", record.state());
        fields.put("ackMessage", record.ackMessage());
        fields.put("resultStatus", record.resultStatus());
        fields.put("resultFailure", record.resultFailure());
        fields.put("resultMessage", record.resultMessage());
        fields.put("resultAcknowledged", record.resultAcknowledged());
        fields.put("updatedAtMillis", record.updatedAtMillis());
        return fields;
    }

    /** Unknown fields are ignored (a newer agent's file read by an older one); a field of the wrong type is refused. */
    static CommandRecord fromJson(Map<String, Object> fields) throws IOException {
        Object events = fields.get("events");
        Object acknowledged = fields.get("resultAcknowledged");
        Object updatedAt = fields.get("updatedAtMillis");
        if (events != null && !(events instanceof List<?>)
                || acknowledged != null && !(acknowledged instanceof Boolean)
                || updatedAt != null && !(updatedAt instanceof Long)) {
            throw new IOException("a field has the wrong type");
        }
        @SuppressWarnings("unchecked")
        List<String> eventList = (List<String>) events;
        return new CommandRecord(FlatJson.text(fields, "commandId"), FlatJson.text(fields, "deploymentId"),
                FlatJson.text(fields, "groupId"), eventList, FlatJson.text(fields, "state"),
                FlatJson.text(fields, "ackMessage"), FlatJson.text(fields, "resultStatus"),
                FlatJson.text(fields, "resultFailure"), FlatJson.text(fields, "resultMessage"),
                Boolean.TRUE.equals(acknowledged), updatedAt == null ? 0 : (Long) updatedAt);
    }
}
