package io.raylog.sink.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCategoriesTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void filesEventsAsTheSidecarDoes() throws Exception {
    String[][] table = {
        {"{\"eventType\":\"NODE_LIFECYCLE_EVENT\",\"taskDefinitionEvent\":{\"jobId\":\"AQAAAA==\"}}", "node_events"},
        {"{\"eventType\":\"NODE_DEFINITION_EVENT\"}", "node_events"},
        {"{\"eventType\":\"TASK_DEFINITION_EVENT\",\"taskDefinitionEvent\":{\"jobId\":\"AQAAAA==\"}}",
            "job_events/01000000"},
        {"{\"eventType\":\"DRIVER_JOB_LIFECYCLE_EVENT\",\"driverJobLifecycleEvent\":{\"jobId\":\"02000000\"}}",
            "job_events/02000000"},
        {"{\"eventType\":\"ACTOR_DEFINITION_EVENT\",\"actorDefinitionEvent\":{\"jobId\":\"AQAAAA\"}}",
            "job_events/01000000"},
        {"{\"eventType\":\"TASK_PROFILE_EVENT\",\"taskProfileEvents\":{\"jobId\":\"\"}}", "node_events"},
        {"{\"eventType\":\"TASK_LIFECYCLE_EVENT\",\"taskLifecycleEvent\":{\"jobId\":\"../x\"}}", "node_events"},
        {"{\"eventType\":\"SOMETHING_ELSE\"}", "node_events"},
    };
    for (String[] row : table) {
      assertThat(EventCategories.of(JSON.readTree(row[0]))).as(row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void idsAreHexAsConvertBase64ToHexMakesThem() {
    assertThat(EventCategories.hex("AQAAAA==")).isEqualTo("01000000");
    assertThat(EventCategories.hex("0A0B")).isEqualTo("0a0b");
    assertThat(EventCategories.hex("+/+/")).isEqualTo("fbffbf");
  }
}
