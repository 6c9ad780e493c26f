package io.raylog.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * Builds a configuration record from the values of one mapping, so that an option is declared once (its key, type,
 * default and meaning) and the record that carries it names it by its component: {@code maxLineBytes} reads
 * {@code max_line_bytes}. The rules, in order, for each component:
 *
 * <ul>
 *   <li>the option whose key is the component's name in snake case;
 *   <li>else, for a name ending in a unit ({@code memoryLimitBytes}), the option without the unit
 *       ({@code memory_limit}): records carry units in their names, keys do not repeat what their type says;
 *   <li>else, for a component that is itself a record: the nested section of that key, or, when there is none, the
 *       same mapping (a group of options such as a network sink's delivery settings, written flat in YAML).
 * </ul>
 *
 * A component that matches none is a programming error, reported at once (every load binds every record, so a test
 * that loads a configuration finds it). An {@code int} component takes a size option's {@code long} value, which its
 * type bounds. Pure; thread-safe.
 */
final class RecordBinder {
  private static final String[] UNITS = {"Bytes", "Nanos", "Millis"};

  private RecordBinder() {}

  static <R extends Record> R bind(SectionValues values, Class<R> type) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] arguments = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      arguments[i] = value(values, type, components[i]);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + values.path(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
    }
  }

  private static Object value(SectionValues values, Class<?> type, RecordComponent component) {
    String key = snakeCase(component.getName());
    Option<?> option = values.option(key);
    for (int u = 0; option == null && u < UNITS.length; u++) {
      if (component.getName().endsWith(UNITS[u])) {
        option = values.option(snakeCase(component.getName().substring(0, component.getName().length()
            - UNITS[u].length())));
      }
    }
    if (option != null) {
      Object value = values.get(option);
      if (component.getType() == int.class && value instanceof Long whole) {
        return Math.toIntExact(whole);
      }
      return value == null ? zeroOf(component.getType()) : value;
    }
    if (component.getType().isRecord()) {
      @SuppressWarnings("unchecked")
      Class<? extends Record> nested = (Class<? extends Record>) component.getType();
      Section section = values.sectionEntry(key);
      return bind(section == null ? values : values.section(section), nested);
    }
    throw new IllegalStateException(type.getSimpleName() + "." + component.getName() + " matches no option at "
        + values.path() + " (expected " + key + ")");
  }

  /**
   * A primitive component's value when its option is required and missing: that is reported already and the
   * record is discarded, but it must still be built.
   */
  private static Object zeroOf(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }

  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
