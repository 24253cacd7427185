package dev.stepwise.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("StoredRolloutJson")
class StoredRolloutJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Nanoseconds on purpose: the codec must keep more than milliseconds. */
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");

    static StoredRollout rich() {
        TrafficSplit split = new TrafficSplit(80, 10, 10, List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "always")),
                new RouteMatch(List.of(MatchCondition.header("user-agent", Operator.REGEX, ".*Firefox.*"),
                        MatchCondition.cookie("beta", Operator.PREFIX, "on")), Track.BASELINE)), 25);
        RolloutState state = new RolloutState(Phase.PAUSED, "podinfo-7c9d", 2, split, 1, 2, 3, Phase.PROGRESSING,
                T0.minusSeconds(300), 7);
        List<Action> pending = List.of(new Action.SetTraffic(split), new Action.ScaleTrack(Track.BASELINE, 10),
                new Action.PromoteCanary("podinfo-7c9d"), new Action.CallWebhook(HookType.POST_ROLLOUT),
                Action.Emit.info("Advance podinfo canary weight 10"), Action.Emit.warning("Halt: \"podinfo\" paused"));
        NextLook next = new NextLook(Duration.ofSeconds(90).plusMillis(5), true,
                Set.of(HookType.CONFIRM_PROMOTION, HookType.ROLLBACK));
        List<HookResult> hooks = List.of(HookResult.succeeded(HookType.PRE_ROLLOUT),
                HookResult.failed(HookType.POST_ROLLOUT, "HTTP 500: load test failed"));
        StepNote note = new StepNote("team-a/podinfo", 2, 6, Decision.ROLL_BACK, "2 failed analyses", List.of(
                Verdict.pass("request-success-rate", 99.25), Verdict.fail("request-duration", 612.5, "612.5 > max 500"),
                Verdict.noData("error-budget", "empty result"), Verdict.error("saturation", "HTTP 503"),
                new Verdict("queue-depth", Verdict.Status.NO_DATA, Double.NEGATIVE_INFINITY, "")), T0.minusMillis(3), true);
        HeldConflict conflict = new HeldConflict("apps/podinfo/vs.yaml", "changed by Jane", T0.minusSeconds(2));
        return new StoredRollout("team-a/podinfo", state, pending, note, next, T0.plusSeconds(90),
                Optional.of(T0.minusMillis(1500)), hooks, Set.of(Command.PAUSE, Command.PROMOTE, Command.ABORT),
                Optional.of(conflict), 7);
    }

    static StoredRollout plain() {
        RolloutState state = RolloutState.initial("v1", T0);
        return new StoredRollout("web", state, List.of(), StepNote.registered("web", state, T0), NextLook.never(), T0,
                Optional.empty(), List.of(), Set.of(), Optional.empty(), 0);
    }

    @Test
    @DisplayName("gives back every field of a record holding every kind of action")
    void roundTripsEverything() {
        StoredRollout rich = rich();
        assertThat(rich.pending()).extracting(Object::getClass).as("the sample holds every kind of action")
                .containsAll(Arrays.asList(Action.class.getPermittedSubclasses()));

        StoredRollout back = StoredRolloutJson.fromJson(StoredRolloutJson.toJson(rich));

        assertThat(back).isEqualTo(rich);
        assertThat(back.state()).isEqualTo(rich.state());
        assertThat(back.state().stepStartedAt()).isEqualTo(T0.minusSeconds(300));
        assertThat(back.next().after()).isEqualTo(Duration.ofMillis(90_005));
        assertThat(back.pending()).containsExactlyElementsOf(rich.pending());
        assertThat(back.note()).isEqualTo(rich.note());
        assertThat(back.conflict()).isEqualTo(rich.conflict());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"format-2-rich.json", "format-2-plain.json"})
    @DisplayName("reads a record written before the note named its rollout and step, and writes it back byte for byte")
    void readsAndWritesEarlierRecordsByteForByte(String file) throws Exception {
        String written;
        try (var in = StoredRolloutJsonTest.class.getResourceAsStream("/stored-rollout/" + file)) {
            written = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        StoredRollout back = StoredRolloutJson.fromJson(written);

        assertThat(StoredRolloutJson.toJson(back)).isEqualTo(written);
        assertThat(back).isEqualTo(file.contains("rich") ? rich() : plain());
    }

    @Test
    @DisplayName("gives back a record with no pending actions, no verification time and not paused")
    void roundTripsPlain() {
        String json = StoredRolloutJson.toJson(plain());

        assertThat(StoredRolloutJson.fromJson(json)).isEqualTo(plain());
        assertThat(tree(json).get("verifiedAt").isNull()).isTrue();
        assertThat(tree(json).at("/state/pausedFrom").isNull()).isTrue();
        assertThat(tree(json).get("conflict").isNull()).isTrue();
    }

    @Test
    @DisplayName("reads a format-1 record, written before notes and conflicts were kept, as not held with an unrecorded note")
    void readsFormatOne() {
        ObjectNode old = (ObjectNode) tree(StoredRolloutJson.toJson(rich()));
        old.put("format", 1);
        old.remove("note");
        old.remove("conflict");

        StoredRollout back = StoredRolloutJson.fromJson(old.toString());

        assertThat(back.isHeld()).isFalse();
        assertThat(back.note()).as("version: the record's; step: the state's; decided: when due less the wait")
                .isEqualTo(new StepNote("team-a/podinfo", 2, 7, Decision.NONE, "not recorded (stored in format 1)", List.of(),
                        T0.minusMillis(5), false));
        assertThat(back.withNote(rich().note()).withConflict(rich().conflict().orElseThrow())).isEqualTo(rich());
    }

    @Test
    @DisplayName("writes kinds, labels and ISO-8601 times as the format says")
    void writesTheDocumentedLayout() {
        JsonNode tree = tree(StoredRolloutJson.toJson(rich()));

        assertThat(tree.get("format").asInt()).isEqualTo(2);
        assertThat(tree.at("/note/decision").asText()).isEqualTo("roll back");
        assertThat(tree.at("/note/verdicts/1").toString()).isEqualTo("{\"metric\":\"request-duration\",\"status\":\"Fail\","
                + "\"observed\":612.5,\"reason\":\"612.5 > max 500\"}");
        assertThat(tree.at("/note/verdicts/2/observed").isNull()).isTrue();
        assertThat(tree.at("/note/verdicts/4/observed").asText()).isEqualTo("-Infinity");
        assertThat(tree.at("/note/decidedAt").asText()).isEqualTo("2026-03-01T12:00:00.120456789Z");
        assertThat(tree.get("conflict").toString()).isEqualTo("{\"what\":\"apps/podinfo/vs.yaml\","
                + "\"message\":\"changed by Jane\",\"at\":\"2026-03-01T11:59:58.123456789Z\"}");
        assertThat(tree.get("pending")).extracting(a -> a.get("kind").asText())
                .containsExactly("SetTraffic", "ScaleTrack", "PromoteCanary", "CallWebhook", "Emit", "Emit");
        assertThat(tree.at("/pending/1").toString()).isEqualTo("{\"kind\":\"ScaleTrack\",\"track\":\"baseline\",\"percent\":10}");
        assertThat(tree.at("/pending/5/severity").asText()).isEqualTo("warning");
        assertThat(tree.at("/state/phase").asText()).isEqualTo("Paused");
        assertThat(tree.at("/state/stepStartedAt").asText()).isEqualTo("2026-03-01T11:55:00.123456789Z");
        assertThat(tree.at("/next/after").asText()).isEqualTo("PT1M30.005S");
        assertThat(tree.at("/next/gates").toString()).isEqualTo("[\"confirm-promotion\",\"rollback\"]");
        assertThat(tree.get("commands").toString()).isEqualTo("[\"pause\",\"promote\",\"abort\"]");
    }

    @Test
    @DisplayName("writes the same text for equal records whatever the order their sets were built in")
    void stableText() {
        StoredRollout a = rich();
        Set<Command> reordered = new LinkedHashSet<>(List.of(Command.ABORT, Command.PROMOTE, Command.PAUSE));
        StoredRollout b = a.withCommands(reordered);

        assertThat(StoredRolloutJson.toJson(b)).isEqualTo(StoredRolloutJson.toJson(a));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("a newer format", r -> r.put("format", 3), "format", "reads formats 1 and 2"),
                bad("format 1 with a note", r -> r.put("format", 1), "note", "unknown field; known fields"),
                bad("no note", r -> r.remove("note"), "note", "is required"),
                bad("a missing conflict rather than null", r -> r.remove("conflict"), "conflict", "null when absent"),
                bad("an unknown decision", r -> obj(r, "note").put("decision", "rollback"), "note.decision", "roll back"),
                bad("a negative step", r -> obj(r, "note").put("step", -1), "note.step", "between 0 and"),
                bad("an observed value as text", r -> ((ObjectNode) r.at("/note/verdicts/0")).put("observed", "99"),
                        "note.verdicts[0].observed", "a number, null"),
                bad("an unknown verdict status", r -> ((ObjectNode) r.at("/note/verdicts/0")).put("status", "Ok"),
                        "note.verdicts[0].status", "Pass, Fail, NoData, Error"),
                bad("a conflict without a time", r -> obj(r, "conflict").remove("at"), "conflict.at", "is required"),
                bad("no id", r -> r.remove("id"), "id", "is required"),
                bad("an unknown top-level field", r -> r.put("stat", 1), "stat", "unknown field; known fields"),
                bad("a negative version", r -> r.put("version", -1), "version", "between 0 and"),
                bad("an unknown phase", r -> obj(r, "state").put("phase", "Done"), "state.phase", "expected one of Initializing"),
                bad("a pausedFrom while not paused", r -> obj(r, "state").put("phase", "Progressing"),
                        "state.pausedFrom", "must be set exactly when the phase is Paused"),
                bad("weights not summing to 100", r -> obj(obj(r, "state"), "split").put("stable", 90),
                        "state.split.weights", "must sum to 100"),
                bad("a weight as text", r -> obj(obj(r, "state"), "split").put("canary", "10"),
                        "state.split.canary", "whole number between 0 and 100"),
                bad("an unknown match operator", r -> ((ObjectNode) r.at("/state/split/matches/1/conditions/0"))
                        .put("operator", "glob"), "state.split.matches[1].conditions[0].operator", "exact, prefix, regex"),
                bad("an unknown action kind", r -> ((ObjectNode) r.at("/pending/2")).put("kind", "Teleport"),
                        "pending[2].kind", "SetTraffic, ScaleTrack"),
                bad("an action without a kind", r -> ((ObjectNode) r.at("/pending/2")).remove("kind"),
                        "pending[2].kind", "is required"),
                bad("a scale above 100 percent", r -> ((ObjectNode) r.at("/pending/1")).put("percent", 120),
                        "pending[1].percent", "between 0 and 100"),
                bad("a gate hook called as an action", r -> ((ObjectNode) r.at("/pending/3")).put("type", "confirm-promotion"),
                        "pending[3].type", "must be an action hook"),
                bad("an action that is not an object", r -> ((ArrayNode) r.get("pending")).set(0, "SetTraffic"),
                        "pending[0]", "expected an object"),
                bad("a time that is not ISO-8601", r -> r.put("dueAt", "tomorrow"), "dueAt", "ISO-8601"),
                bad("a missing verifiedAt rather than null", r -> r.remove("verifiedAt"), "verifiedAt", "null when absent"),
                bad("a duration that is not ISO-8601", r -> obj(r, "next").put("after", "90s"), "next.after", "PT1M30S"),
                bad("a repeated command", r -> ((ArrayNode) r.get("commands")).add("pause"), "commands", "must not repeat"),
                bad("a hook outcome as text", r -> ((ObjectNode) r.at("/hookResults/0")).put("succeeded", "yes"),
                        "hookResults[0].succeeded", "true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    @DisplayName("refuses malformed input, naming the JSON path and what is allowed")
    void refusesMalformed(String name, Consumer<ObjectNode> damage, String path, String allowed) {
        ObjectNode tree = (ObjectNode) tree(StoredRolloutJson.toJson(rich()));
        damage.accept(tree);

        assertThatThrownBy(() -> StoredRolloutJson.fromJson(tree.toString()))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(path))
                .hasMessageStartingWith(path + ": ").hasMessageContaining(allowed);
    }

    @Test
    @DisplayName("refuses text that is not JSON, or not an object")
    void refusesNonJson() {
        assertThatThrownBy(() -> StoredRolloutJson.fromJson("{\"format\": 1,")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("$: text must be JSON");
        assertThatThrownBy(() -> StoredRolloutJson.fromJson("[1]")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("$: expected an object, got a list");
    }

    private static Arguments bad(String name, Consumer<ObjectNode> damage, String path, String allowed) {
        return Arguments.of(name, damage, path, allowed);
    }

    private static ObjectNode obj(JsonNode node, String field) {
        return (ObjectNode) node.get(field);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
