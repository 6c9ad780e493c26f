package io.raylog.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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

  /** The rule of a line that no rule matches: a record of its own, shipped at once. */
  static final Rule ALONE = new Rule(LinePattern.ANY, false, DONE);

  private final Rule[][] states;
  private final String[] names;
  /**
   * By state, then by {@link FirstBytes#keyOf the key} of a line's first byte: the rules that {@link #decide} tries,
   * the state's then the first state's, in their order, less those whose pattern cannot match a line that starts
   * so. Most lines of worker output start with a byte that no rule of the first state can match, and try none.
   * Keys with the same rules share one array.
   */
  private final Candidate[][][] candidates;

  /**
   * A rule and the bare test of its pattern, without the declaration of its first bytes: one interface call per
   * rule tried, not two. A class, not a record: two rules equal in value are still two rules.
   */
  private static final class Candidate {
    final Rule rule;
    final LinePattern test;

    Candidate(Rule rule) {
      this.rule = rule;
      this.test = LinePattern.bare(rule.pattern);
    }
  }

  private MultilineRules(Rule[][] states, String[] names) {
    this.states = states;
    this.names = names;
    this.candidates = candidates(states);
  }

  /**
   * The rule for a line read in {@code state}: the first of the state's rules whose pattern matches it, else the
   * first of the first state's, else {@link #ALONE}.
   */
  Rule decide(int state, byte[] bytes, int from, int length) {
    // DONE, which the assembler never passes, reads as FIRST
    for (Candidate candidate : candidates[Math.max(state, FIRST)][FirstBytes.keyOf(bytes, from, length)]) {
      if (candidate.test.matches(bytes, from, length)) {
        return candidate.rule;
      }
    }
    return ALONE;
  }

  private static Candidate[][][] candidates(Rule[][] states) {
    Candidate[][] byState = new Candidate[states.length][];
    for (int state = 0; state < states.length; state++) {
      byState[state] = Arrays.stream(states[state]).map(Candidate::new).toArray(Candidate[]::new);
    }
    // Built at start-up, 257 keys for each state of each format: one list reused for every key, and indexed loops,
    // rather than a list and an iterator per key (1.2 MiB of start-up garbage, issue 21's idle footprint).
    Map<List<Candidate>, Candidate[]> shared = new HashMap<>();
    Candidate[][][] table = new Candidate[states.length][FirstBytes.KEYS][];
    List<Candidate> possible = new ArrayList<>();
    for (int state = 0; state < states.length; state++) {
      List<Candidate> tried = new ArrayList<>(List.of(byState[state]));
      if (state != FIRST) {
        tried.addAll(List.of(byState[FIRST]));
      }
      for (int key = 0; key < FirstBytes.KEYS; key++) {
        possible.clear();
        for (int i = 0; i < tried.size(); i++) {
          if (tried.get(i).rule.pattern.firstBytes().contains(key)) {
            possible.add(tried.get(i));
          }
        }
        Candidate[] known = shared.get(possible);
        if (known == null) {
          known = possible.toArray(Candidate[]::new);
          shared.put(List.of(known), known);
        }
        table[state][key] = known;
      }
    }
    return table;
  }

  /** The rules of {@code state} in their order, as built; for tests. */
  List<Rule> rules(int state) {
    return List.of(states[state]);
  }

  int stateCount() {
    return states.length;
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

    /** Adds the rules of {@code part}: a run of rules that several states share, named once where it is written. */
    Builder then(UnaryOperator<Builder> part) {
      return part.apply(this);
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
