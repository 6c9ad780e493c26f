package io.raylog.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one format's multi-line records begin and end, as data: named states, each an ordered list of rules
 * "a line matching this starts a record / continues the record, and the next state is that". A line that matches
 * no rule of the current state is tried against the first state's rules, which only start records; a line that
 * matches nothing there either is a record of its own that nothing continues.
 *
 * <p>Immutable and thread-safe; the state of one file lives in its {@code RecordAssembler}.
 */
final class MultilineRules {
  /** The state of a record that no line can continue: it is shipped at once. */
  static final int DONE = -1;
  static final int FIRST = 0;

  /** What to do with a line: continue the open record or start one, then move to {@code next}. */
  record Rule(LinePattern pattern, boolean continues, int next) {}

  private static final Rule ALONE = new Rule(LinePattern.ANY, false, DONE);

  private final Rule[][] states;
  private final String[] names;

  private MultilineRules(Rule[][] states, String[] names) {
    this.states = states;
    this.names = names;
  }

  /** The rule for a line read in {@code state}. */
  Rule decide(int state, byte[] bytes, int from, int length) {
    if (state > FIRST) {
      for (Rule rule : states[state]) {
        if (rule.pattern.matches(bytes, from, length)) {
          return rule;
        }
      }
    }
    for (Rule rule : states[FIRST]) {
      if (rule.pattern.matches(bytes, from, length)) {
        return rule;
      }
    }
    return ALONE;
  }

  String stateName(int state) {
    return state == DONE ? "done" : names[state];
  }

  static Builder builder() {
    return new Builder();
  }

  /** Rules in the order they are tried; the first state named is where every file starts. */
  static final class Builder {
    private record PendingRule(String state, LinePattern pattern, boolean continues, String next) {}

    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final List<PendingRule> rules = new ArrayList<>();
    private String current;

    Builder state(String name) {
      ids.putIfAbsent(name, ids.size());
      current = name;
      return this;
    }

    /** A matching line starts a record; {@code next} null means nothing can continue it. */
    Builder start(LinePattern pattern, String next) {
      rules.add(new PendingRule(current, pattern, false, next));
      return this;
    }

    Builder join(LinePattern pattern, String next) {
      if (ids.get(current) == FIRST) {
        throw new IllegalStateException("the first state only starts records");
      }
      rules.add(new PendingRule(current, pattern, true, next));
      return this;
    }

    MultilineRules build() {
      for (PendingRule rule : rules) {
        if (rule.next != null && !ids.containsKey(rule.next)) {
          throw new IllegalStateException("no state " + rule.next);
        }
      }
      Rule[][] states = new Rule[ids.size()][];
      String[] names = ids.keySet().toArray(String[]::new);
      for (Map.Entry<String, Integer> state : ids.entrySet()) {
        states[state.getValue()] = rules.stream()
            .filter(r -> r.state.equals(state.getKey()))
            .map(r -> new Rule(r.pattern, r.continues, r.next == null ? DONE : ids.get(r.next)))
            .toArray(Rule[]::new);
      }
      return new MultilineRules(states, names);
    }
  }
}
